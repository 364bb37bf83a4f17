"""Write the JSON twins of the bundled TOML files (resources/*.toml -> resources/*.toml.json).

    python tools/make_toml_twins.py           # write the twins again
    python tools/make_toml_twins.py --check   # exit 1 when one is out of date

A twin holds the TOML text it was made from and its parsed data; KneeLog reads the data from the
twin when the text is still the file's text (kneelog.core.toml_twins), which is ten times quicker
than parsing the TOML at every start. tests/unit/test_toml_twins.py fails when one is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kneelog.core.toml_twins import twin_of, twin_text

REPO_ROOT = Path(__file__).resolve().parents[1]
BUNDLED = tuple(sorted((REPO_ROOT / "resources").glob("*.toml")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a twin is stale")
    args = parser.parse_args(argv)
    stale = []
    for path in BUNDLED:
        twin, text = twin_of(path), twin_text(path)
        current = twin.read_text(encoding="utf-8") if twin.exists() else ""
        if current == text:
            continue
        stale.append(twin)
        if not args.check:
            twin.write_text(text, encoding="utf-8")
    if args.check and stale:
        names = ", ".join(str(twin.relative_to(REPO_ROOT)) for twin in stale)
        print(f"{names}: out of date: run tools/make_toml_twins.py")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
