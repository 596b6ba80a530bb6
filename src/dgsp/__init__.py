"""dgsp: đánh giá bằng sản phẩm, target-based evaluation of officials over Excel workbooks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dgsp")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+src"
