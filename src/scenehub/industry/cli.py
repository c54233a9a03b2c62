"""``scenehub classify``: firms from a JSONL file onto the AI industry chain, no database,
no network; and ``scenehub map``: the industry map of the warehouse, or with ``--train-only``
its classifier alone (their flows: ``industry/flows.py``). Both are registered in
scenehub.cli.

``classify``'s input: the firm file of ``scenehub match`` — ``{id, name, description,
district?, stage?, tags?}`` a line — and, when there are, ``business_scope``,
``department_text`` and ``patent_titles`` (a string or a list of strings). Output, one
line a firm, in the file's order: ``{"firm_id": …, "segments": [{"code": …, "score": …},
…]}``, best first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from scenehub import db
from scenehub.governance.policy import SYSTEM
from scenehub.integration.cli import prepare_matching_with_progress
from scenehub.integration.engine import EngineName
from scenehub.matching.cli import _output, _progress
from scenehub.settings import get_settings

if TYPE_CHECKING:  # the classifier and the file reader load on use: other commands start fast
    from scenehub.industry.classify import Classification, Classifier, FirmText
    from scenehub.matching.vectors import VectorStore

# Exit status: 0 every line used, 1 some lines skipped (the others are in the output).
SKIPPED_LINES = 1
BATCH_FIRMS = 2_000
DEFAULT_TOP = 4  # classify.MAX_SEGMENTS

console = Console()


def classify(
    firms: Annotated[
        Path, typer.Option(help="firms, one JSON object a line", dir_okay=False, exists=True)
    ],
    output_format: Annotated[
        str, typer.Option("--format", help="output format (jsonl is the one there is)")
    ] = "jsonl",
    out: Annotated[
        Path | None, typer.Option(help="write here (default: standard output)", dir_okay=False)
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(
            help="model file (default: <data dir>/models/…); trained and saved there if missing",
            dir_okay=False,
        ),
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=10, help="segments per firm, at most")] = (
        DEFAULT_TOP
    ),
) -> None:
    """Classify firms onto the AI industry chain: a primary segment and secondary ones.

    Malformed lines are reported with their numbers and skipped (exit status 1).
    """
    from scenehub.matching import bulk

    # soft_wrap: a reported path or line stays whole (terminals and logs can copy it).
    errors = Console(stderr=True, soft_wrap=True)
    if output_format != "jsonl":
        raise typer.BadParameter("only jsonl is supported", param_hint="--format")
    texts, problems = bulk.read_jsonl(firms, firm_text_from_json)
    texts, repeats = bulk.unique(texts, lambda firm: firm.firm_id, "firm")
    for problem in problems:
        errors.print(f"[red]skipped[/red] {escape(str(problem))}", highlight=False)
    for warning in repeats:
        errors.print(f"[yellow]warning[/yellow] {escape(warning)}", highlight=False)
    classifier, encoder = _classifier(model, errors)
    with _progress(errors, enabled=out is not None) as progress, _output(out) as stream:
        task = progress.add_task("classifying firms", total=len(texts))
        for batch in _batches(texts, BATCH_FIRMS):
            vectors = encoder.encode([firm.embedding_text for firm in batch])
            for classification in classifier.classify(batch, vectors, top=top):
                stream.write(classification_line(classification) + "\n")
            progress.advance(task, len(batch))
    errors.print(f"{len(texts)} firms classified{f' into {out}' if out else ''}", highlight=False)
    if problems:
        raise typer.Exit(SKIPPED_LINES)


def firm_text_from_json(value: dict[str, Any]) -> FirmText:
    """A line of the ``scenehub match`` firm file, with the classifier's optional texts."""
    from scenehub.industry.classify import FirmText
    from scenehub.matching import bulk

    firm = bulk.firm_from_json(value)
    own_words = "\n".join(part for part in (firm.description, "，".join(firm.tags)) if part)
    return FirmText(
        firm_id=firm.id,
        name=firm.name,
        scope=_optional_text(value, "business_scope"),
        capability=own_words,
        department=_optional_text(value, "department_text"),
        patents=_optional_text(value, "patent_titles"),
    )


def _optional_text(value: dict[str, Any], name: str) -> str:
    from scenehub.matching import bulk

    found = value.get(name)
    if found is None:
        return ""
    if isinstance(found, str):
        return found
    if isinstance(found, list) and all(isinstance(item, str) for item in found):
        return "；".join(found)
    raise bulk.InvalidRecord(f"{name} must be a string or a list of strings")


def classification_line(classification: Classification) -> str:
    """One output line: the firm's segments ranked, each with its code, score and kind
    (primary, secondary — the firm works in it too — or candidate, the next best guess)."""
    segments = [{"code": s.code, "score": s.score, "kind": s.kind} for s in classification.segments]
    return json.dumps({"firm_id": classification.firm_id, "segments": segments}, ensure_ascii=False)


def _classifier(path: Path | None, console: Console) -> tuple[Classifier, VectorStore]:
    """The classifier of the model at ``path`` (default: the data dir's; trained if missing)
    and the encoder of its vectors, keeping them in the data dir."""
    from scenehub.industry.classify import Classifier, TextReader
    from scenehub.industry.model_store import ModelFileError, default_model_path, load_or_train
    from scenehub.industry.taxonomy import load_chain
    from scenehub.matching.semantic import shared_encoder
    from scenehub.matching.vectors import VectorStore, vector_path

    settings = get_settings()
    chain = load_chain()
    encoder = shared_encoder(str(settings.encoder_path or ""))
    target = path or default_model_path(settings.data_dir)
    with console.status("loading the classifier…") as status:

        def training(step: str) -> None:
            status.update(f"training the classifier (first use, a few seconds): {step}…")

        labels = VectorStore(encoder, vector_path(settings.data_dir, "labels", encoder))
        try:
            model = load_or_train(
                target,
                chain,
                encoder,
                vectors=labels,
                on_step=training,
                replace_stale=path is None,
            )
        except ModelFileError as error:
            console.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
            raise typer.Exit(2) from error
    return Classifier(model, TextReader(chain)), VectorStore(encoder)


def _batches(items: Sequence[FirmText], size: int) -> Iterator[Sequence[FirmText]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def industry_map(
    warehouse: Annotated[Path | None, typer.Option(help="default: SCENEHUB_WAREHOUSE")] = None,
    model: Annotated[Path | None, typer.Option(help="classifier model file")] = None,
    engine: Annotated[
        EngineName, typer.Option(help="spark: the same steps on Spark (extra spark, and Java)")
    ] = EngineName.duckdb,
    train_only: Annotated[
        bool,
        typer.Option(
            "--train-only",
            help="only train the map's classifier on the seed set and the centre's labels "
            "(into --model, default the data dir's), without building the map",
        ),
    ] = False,
) -> None:
    """Build the AI industry map: firm facts, classification, map tables."""
    from scenehub.industry.model_store import ModelFileError

    db.upgrade_database()
    try:
        if train_only:
            train_with_progress(model)
            return
        build_map_with_progress(warehouse or get_settings().warehouse_path, model, engine)
        prepare_matching_with_progress()
    except (LookupError, ModelFileError) as error:
        console.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(2) from error


def train_with_progress(model_path: Path | None = None) -> None:
    """Train the classifier (``industry/flows.py``), showing its steps, then say what it
    learnt from."""
    from scenehub.industry.flows import train_industry_classifier

    with console.status("training the industry classifier…") as status:
        outcome = train_industry_classifier(
            get_settings(), SYSTEM, model_path=model_path, on_step=status.update
        )
    console.print(
        f"industry classifier: learnt from {outcome.examples} labelled descriptions "
        f"({outcome.learned} of them the centre's labels: {outcome.trained_on}), saved in "
        f"{outcome.path}",
        highlight=False,
    )


def build_map_with_progress(
    warehouse: Path, model_path: Path | None = None, engine: EngineName = EngineName.duckdb
) -> None:
    """Build the map (``industry/flows.py``) on one progress bar, then say what it holds."""
    from scenehub.industry.flows import build_industry_map

    with Progress(*Progress.get_default_columns(), console=console) as bar:
        task = bar.add_task("industry map", total=None)
        outcome = build_industry_map(
            get_settings(),
            SYSTEM,
            warehouse=warehouse,
            model_path=model_path,
            engine=engine,
            on_step=lambda step: bar.update(task, description=step),
            on_firms=lambda done, total: bar.update(task, completed=done, total=total),
        )
    console.print(
        f"industry map: {outcome.firms} firms classified ({outcome.labelled} by the centre's "
        f"labels or their own declarations, {outcome.unclassified} below the confidence for "
        f"review), {outcome.cells} map cells ({outcome.engine}); the classifier learnt from "
        f"{outcome.trained_on}",
        highlight=False,
    )
