"""``scenehub estation check``: the products of a YAML file against the firms of a JSON
Lines file, one JSON line per firm on standard output, no database (registered in
scenehub.cli). The formats and exit statuses are the public contract in docs/estation.md."""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import yaml
from rich.console import Console
from rich.markup import escape

from scenehub.estation.check import check_firm, compile_products, firm_check_json
from scenehub.estation.facts import FIELDS, FactsError, FirmFacts, firm_from_json
from scenehub.estation.products import Product, ProductFileError, products_from_data
from scenehub.i18n import N_
from scenehub.translator import Translator

# Exit status: 0 every firm written, 2 bad input (nothing written then).
BAD_INPUT = 2
# Where the CLI's facts come from, for the reasons.
FIRM_FILE = N_("the firm file")
BOM = b"\xef\xbb\xbf"


class OutputFormat(StrEnum):
    jsonl = "jsonl"


class ReasonLocale(StrEnum):
    en = "en"
    zh_cn = "zh_CN"


class FirmLineError(ValueError):
    def __init__(self, number: int, problem: str) -> None:
        super().__init__(f"line {number}: {problem}")


def check(
    products_path: Annotated[
        Path, typer.Option("--products", help="products as YAML (docs/estation.md)", dir_okay=False)
    ],
    firms_path: Annotated[
        Path, typer.Option("--firms", help="firms as JSON Lines, UTF-8", dir_okay=False)
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="the output: JSON Lines on standard output")
    ] = OutputFormat.jsonl,
    locale: Annotated[
        ReasonLocale, typer.Option(help="the language of the reasons")
    ] = ReasonLocale.en,
) -> None:
    """Each firm's eligibility for each product, explained, and its recommended package."""
    errors = Console(stderr=True, soft_wrap=True)
    products = compile_products(_read_products(products_path, errors))
    _check_firm_file(firms_path, errors)  # a bad line stops the run before any output
    translate = Translator(locale.value)
    sources = dict.fromkeys(FIELDS, FIRM_FILE)
    out = typer.get_binary_stream("stdout")
    for firm in _firms_or_exit(firms_path, errors):
        line = firm_check_json(check_firm(products, firm, sources), translate)
        out.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
    out.flush()


def _read_products(path: Path, errors: Console) -> tuple[Product, ...]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
        return products_from_data(data)
    except (OSError, UnicodeDecodeError) as error:
        _fail(errors, f"cannot read {path}", str(error))
    except yaml.YAMLError as error:
        _fail(errors, f"{path} is not YAML", str(error))
    except ProductFileError as error:
        _fail(errors, f"invalid product file {path}", str(error))


def _check_firm_file(path: Path, errors: Console) -> None:
    for _firm in _firms_or_exit(path, errors):
        pass


def _firms_or_exit(path: Path, errors: Console) -> Iterator[FirmFacts]:
    try:
        yield from _firms(path)
    except OSError as error:
        _fail(errors, f"cannot read {path}", str(error))
    except FirmLineError as error:
        _fail(errors, f"invalid firm file {path}", str(error))


def _firms(path: Path) -> Iterator[FirmFacts]:
    """The firms of the file, one at a time; a firm id given twice is refused."""
    seen: dict[str | int, int] = {}
    for number, data in _json_lines(path):
        try:
            firm = firm_from_json(data)
        except FactsError as error:
            raise FirmLineError(number, str(error)) from error
        if firm.firm_id in seen:
            earlier = seen[firm.firm_id]
            raise FirmLineError(number, f"firm_id {firm.firm_id!r} is on line {earlier} already")
        seen[firm.firm_id] = number
        yield firm


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) of each line that is not blank; a UTF-8 BOM is allowed."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(BOM):
                raw = raw[len(BOM) :]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise FirmLineError(
                    number,
                    f"is not UTF-8 text (byte {error.start + 1} of the line); JSON Lines are "
                    "UTF-8: convert a GBK file with `iconv -f GBK -t UTF-8`",
                ) from error
            if not text.strip():
                continue
            try:
                yield number, json.loads(text)
            except json.JSONDecodeError as error:
                raise FirmLineError(
                    number, f"is not JSON: {error.msg} (column {error.colno})"
                ) from error


def _fail(errors: Console, what: str, problem: str) -> NoReturn:
    errors.print(f"[red]{escape(what)}:[/red] {escape(problem)}")
    raise typer.Exit(BAD_INPUT)


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader that refuses a key given twice (safe_load keeps the last one)."""


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys: list[Any] = []
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in keys:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} is given twice", key_node.start_mark
            )
        keys.append(key)
    return loader.construct_mapping(node, deep=True)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _unique_mapping,
)
