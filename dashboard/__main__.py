"""Exports without clicking, for monthly reporting:

    python -m dashboard charts --out DIR LINK...             every chart of each view: SVG, slide PNG, A4 PNG, manifest
    python -m dashboard briefing FILE.briefing.json --out DIR   the briefing's PowerPoint, PDF and Excel appendix

A LINK is a permalink as the app writes it (`trends?ind=victims_registered_nr&vintage=first`, optionally `&lang=en`).
The database is the one the app reads (MENSENHANDEL_DB, else data/build/mensenhandel.duckdb).

Bad input (an unknown page, a malformed link, a chart that no longer exists, a damaged briefing file) ends with one
line on stderr naming it and exit status 2, and leaves nothing behind: files are written to a temporary folder beside
DIR and moved into DIR only when every one of them is complete.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from .i18n import DEFAULT_LANGUAGE

CLI_LANGUAGE = "en"   # the language of the command's own messages


class CommandError(Exception):
    """Input the command cannot use; the message is one line for the person who ran it."""


# --- charts ----------------------------------------------------------------------------------------------------------

def export_charts(links: list[str], out: Path) -> list[dict]:
    """Every chart of each view as SVG, slide PNG and A4 PNG; returns the manifest (also written as manifest.json)."""
    from . import charts, db, export, views
    from .alttext import describe

    resolved = []
    for link in links:
        try:
            page, values, language = views.parse(link, CLI_LANGUAGE)
        except views.ViewError as exc:
            raise CommandError(f"link {link!r}: " + "; ".join(exc.problems)) from None
        specs = views.charts_of(page, values, language or DEFAULT_LANGUAGE).charts
        if not specs:
            raise CommandError(f"link {link!r}: page {page!r} shows no chart for this view")
        empty = [spec for spec in specs if charts.is_empty(spec)]
        if empty:   # no image that shows nothing: say why, before anything is written
            raise CommandError(f"link {link!r}: chart {empty[0].key!r} is empty: {charts.empty_message(empty[0])}")
        resolved.append((link, page, specs))

    build = db.build_info()

    def write(folder: Path) -> list[dict]:
        manifest, n = [], 0
        for link, page, specs in resolved:
            for spec in specs:
                n += 1
                stem = f"{n:02d}-{page}-{export.file_stem(spec)}"
                (folder / f"{stem}.svg").write_bytes(export.svg(spec, build))
                (folder / f"{stem}.png").write_bytes(export.png(spec, build, "slide"))
                (folder / f"{stem}-a4.png").write_bytes(export.png(spec, build, "a4"))
                more = []   # notes the image had no room for, in full, on next images
                for _kind, size, fmt, suffix in (("svg", "slide", "svg", ".svg"), ("png", "slide", "png", ".png"),
                                                 ("a4", "a4", "png", "-a4.png")):
                    for k, data in enumerate(export.notes_images(spec, build, size, fmt), start=2):
                        (folder / f"{stem}-{k}{suffix}").write_bytes(data)
                        more.append(f"{stem}-{k}{suffix}")
                model = charts.model(spec, spec.link or link)
                manifest.append({"file": stem, "view": link, "chart": spec.key, "title": spec.title,
                                 "alt": describe(spec), "points": points_drawn(spec),
                                 "notes": [{"number": n.number, "text": n.text, "source": n.source}
                                           for n in spec.notes],
                                 "notes_files": more, "sources": list(spec.sources), "link": model.link,
                                 "series": [{"id": x.id, "label": x.label, "colour": x.colour, "unit": x.unit,
                                             "dash": x.dash, "marker": x.marker, "kind": x.kind, "basis": x.basis}
                                            for x in model.series]})
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
        return manifest

    return _atomically(out, write)


def points_drawn(spec) -> int:
    """Data points on the chart: figures with a value, figures about several years, targets."""
    count = int(spec.data["y"].notna().sum()) if not spec.data.empty else 0
    for frame in (spec.spans, spec.targets):
        if frame is not None and not frame.empty:
            count += int(frame["y"].notna().sum())
    return count


# --- briefing --------------------------------------------------------------------------------------------------------

def export_briefing(file: Path, out: Path) -> list[Path]:
    """The PowerPoint deck, PDF and Excel appendix of a saved briefing file, named after its title."""
    from . import briefing, db, decks

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise CommandError(f"briefing file {str(file)!r}: {exc.strerror or exc}") from None
    try:
        parsed = briefing.loads(data, CLI_LANGUAGE)
        briefing.slides(parsed)   # every chart it names must still exist, before anything is written
    except briefing.BriefingError as exc:
        raise CommandError(f"briefing file {str(file)!r}: " + "; ".join(exc.problems)) from None
    build = db.build_info()
    stem = briefing.file_stem(parsed)

    def write(folder: Path) -> list[Path]:
        files = []
        for suffix, make in ((".pptx", decks.deck), (".pdf", decks.pdf), (".xlsx", decks.workbook)):
            (folder / f"{stem}{suffix}").write_bytes(make(parsed, build))
            files.append(out / f"{stem}{suffix}")
        return files

    return _atomically(out, write)


# --- Writing all or nothing ------------------------------------------------------------------------------------------

def _atomically(out: Path, write: Callable[[Path], object]):
    """Run `write` into a temporary folder beside `out`; on success move its files into `out` (made if missing),
    on any failure remove it, so `out` never holds a half-written export."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out {str(out)!r} is a file, not a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        result = write(staging)
        if not out.exists():
            os.replace(staging, out)
        else:
            for item in sorted(staging.iterdir()):
                os.replace(item, out / item.name)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --- Command line ----------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    charts_cmd = commands.add_parser("charts", help="export every chart of each view (SVG, PNG, A4 PNG, manifest)")
    charts_cmd.add_argument("--out", required=True, type=Path, help="folder for the files and manifest.json")
    charts_cmd.add_argument("links", nargs="+", metavar="LINK", help="a permalink, e.g. 'trends?ind=…&lang=en'")
    briefing_cmd = commands.add_parser("briefing", help="export a saved briefing (PPTX, PDF, Excel)")
    briefing_cmd.add_argument("file", type=Path, metavar="FILE.briefing.json")
    briefing_cmd.add_argument("--out", required=True, type=Path, help="folder for the three files")
    args = parser.parse_args(argv)
    from .db import DatabaseUnavailable
    from .export import ExportUnavailable

    try:
        if args.command == "charts":
            manifest = export_charts(args.links, args.out)
            print(f"{len(manifest)} charts written to {args.out} (manifest.json)")
        else:
            files = export_briefing(args.file, args.out)
            print("written: " + ", ".join(str(f) for f in files))
    except CommandError as exc:
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as exc:
        print(f"error: {_one_line(exc.message)} (run: {exc.command})", file=sys.stderr)
        return 1
    except ExportUnavailable as exc:
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return 1
    finally:
        _stop_renderer()
    return 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _stop_renderer() -> None:
    """Close the warm kaleido browser before the interpreter exits, so it does not complain while shutting down."""
    from . import export

    if export._server.get("started"):
        try:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
        except Exception:   # stopping is a courtesy; the files are already written
            pass


if __name__ == "__main__":
    sys.exit(main())
