"""Shared workbook helpers, in four parts:

- :mod:`~dgsp.xlsx.address`: cell addresses;
- :mod:`~dgsp.xlsx.guard`: checks on untrusted files before any parser sees them;
- :mod:`~dgsp.xlsx.read`: sheet grids through python-calamine (with ``skip_empty_area=False``
  so addresses stay true), and header matching;
- :mod:`~dgsp.xlsx.write`: openpyxl output: text that never becomes a formula, atomic saves, styles;
- :mod:`~dgsp.xlsx.direct`: the bulk outputs (templates, report, evaluation sheets) written
  straight as SpreadsheetML, ~10× faster than openpyxl, large sheets streamed
  (``from dgsp.xlsx import direct``).

Callers use ``from dgsp import xlsx`` and the names below.
"""

from __future__ import annotations

from dgsp.xlsx.address import (  # noqa: F401
    col_letter,
    cell_ref,
    col_index,
)
from dgsp.xlsx.guard import (  # noqa: F401
    UnreadableWorkbook,
    SuspiciousWorkbook,
    LegacyWorkbook,
    EncryptedWorkbook,
    UnsafeXml,
    EmptyFile,
    NotAFile,
    NoPermission,
    MAX_FILE_BYTES,
    MAX_MEMBERS,
    MAX_MEMBER_BYTES,
    MAX_TOTAL_BYTES,
    MAX_RATIO,
    RATIO_FLOOR,
    MAX_SHEET_CELLS,
    XML_HEAD,
    XML_PROLOG_LIMIT,
    MAX_STYLES,
    MAX_CORE_BYTES,
    MAX_COPY_CELLS,
    CHUNK,
    read_input,
    Formula,
    sheet_extent,
    preflight,
    preflight_copy,
    modified_time,
)
from dgsp.xlsx.read import (  # noqa: F401
    CellFacts,
    Book,
    open_book,
    is_blank,
    Header,
    find_header,
    cell,
)
from dgsp.xlsx.write import (  # noqa: F401
    DOCUMENT_FONT,
    GUIDE_TEXT_WIDTH,
    MIN_PRINT_SCALE,
    columns_left_of,
    first_page_columns,
    name_fonts,
    page_breaks,
    PAGE_TEXT_FONT,
    page_codes,
    page_fit,
    page_layout,
    MAX_CELL_CHARS,
    cut_cell_text,
    MAX_SHEET_TITLE,
    ensure_defusedxml,
    new_workbook,
    sheet_title,
    safe_text,
    put_text,
    put,
    save_atomic,
    FMT_INT,
    FMT_NUM,
    FMT_SCORE,
    FMT_PCT,
    FMT_DATE,
    GRADE_FILLS,
    INPUT_FILL,
    HEADER_FILL,
    style_header_row,
    header_styles,
    replace_atomic,
    set_widths,
    row_height,
    print_setup,
    titled_pages,
    wrap_long_text,
)
