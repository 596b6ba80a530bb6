"""How long writing a national report's JSON takes: orjson (dgsp's `write_json`) against the
standard library's encoder that dgsp used before issue 13, measured in one run.

Builds one round of N units × K indicators (default 3,321 × 20; `synth.make_plan`, scored by
`dgsp.scoring.evaluate` on in-memory returns), turns it into its JSON data (`to_json`), then
times, each a median of ``--repeat`` runs:

- stdlib: ``json.JSONEncoder(ensure_ascii=False, indent=2).iterencode`` into a file, as
  `write_json` did before;
- write_json: dgsp's `write_json` (orjson; the same bytes, which it checks);
- embed: the compact ASCII copy embedded in the report (`embed_json`: orjson, its UTF-8
  escaped to ASCII a megabyte at a time, in two passes: the digest, then the chunks), timed
  with its sheet's XML rendered.

Prints each figure and its ratio to stdlib. Timings vary with the machine's load: compare the
ratios of one run.

    python benchmarks/bench_json.py [--units 3321] [--indicators 20] [--repeat 3]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_year import national_args, returns_for, timed  # noqa: E402
from synth import make_plan  # noqa: E402


def stdlib_write(data: dict, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
            fh.write(piece)
        fh.write("\n")


def main(argv: list[str] | None = None) -> int:
    args = national_args(__doc__).parse_args(argv)

    from dgsp.report import to_json, write_json
    from dgsp.report.write import _report_styles, embed_json

    def embedded() -> int:  # the sheet made and its XML rendered: both passes over the text
        return sum(map(len, embed_json(data).xml_parts(_report_styles(), False)))
    from dgsp.scoring import evaluate

    plan = make_plan(args.units, args.indicators)
    data = to_json(evaluate(plan, returns_for(plan, seed=0), workers=1))
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.json", Path(tmp) / "new.json"
        rows = [("stdlib", timed(lambda: stdlib_write(data, old), args.repeat)[0]),
                ("write_json", timed(lambda: write_json(data, new), args.repeat)[0]),
                ("embed", timed(embedded, args.repeat)[0])]
        same = old.read_bytes() == new.read_bytes()
        size = new.stat().st_size / 2**20
    print(f"{args.units} units × {args.indicators} indicators: {size:.1f} MiB of JSON; "
          f"same bytes: {'yes' if same else 'NO'}; median of {args.repeat}")
    for name, seconds in rows:
        print(f"  {name:<11} {seconds:7.3f} s  {seconds / rows[0][1]:6.2f}× stdlib")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
