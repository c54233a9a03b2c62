"""``scenehub match``: rank firms for scenes from JSONL files (registered in scenehub.cli)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from scenehub.matching.documents import FirmDoc, SceneDoc

if TYPE_CHECKING:
    from scenehub.matching.index import Segmenter
    from scenehub.matching.vectors import VectorStore

D = TypeVar("D", SceneDoc, FirmDoc)

# Exit status: 0 every line used, 1 some lines skipped (the others are in the output).
SKIPPED_LINES = 1


def match(
    scenes: Annotated[
        Path, typer.Option(help="scenes, one JSON object a line", dir_okay=False, exists=True)
    ],
    firms: Annotated[
        Path, typer.Option(help="firms, one JSON object a line", dir_okay=False, exists=True)
    ],
    top: Annotated[int, typer.Option(min=1, max=1000, help="firms per scene")] = 20,
    output_format: Annotated[
        str, typer.Option("--format", help="output format (jsonl is the one there is)")
    ] = "jsonl",
    lang: Annotated[str, typer.Option(help="language of the reasons: zh or en")] = "zh",
    out: Annotated[
        Path | None, typer.Option(help="write here (default: standard output)", dir_okay=False)
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(
            help="a sentence-transformers model folder to use instead of the built-in "
            "multilingual encoder (needs the \\[semantic] extra)",
            file_okay=False,
            exists=True,
        ),
    ] = None,
) -> None:
    """Rank firms for every scene, with reasons; no database, no network.

    One output line per scene: {"scene_id", "ranking": [{"firm_id", "score", "reasons", …}]}.

    Malformed lines are reported with their numbers and skipped (exit status 1).
    """
    from scenehub.matching import bulk  # here, so that other commands start without it
    from scenehub.settings import get_settings  # a command's settings are its environment

    # soft_wrap: a reported path or line stays whole (terminals and logs can copy it).
    errors = Console(stderr=True, soft_wrap=True)
    _check_format_and_language(output_format, lang)
    scene_docs, scene_errors = _read(errors, scenes, bulk.scene_from_json, "scene")
    firm_docs, firm_errors = _read(errors, firms, bulk.firm_from_json, "firm")
    store, segmenter = _semantics(model, get_settings().data_dir, errors)
    with _progress(errors, out is not None) as progress:
        _encode_and_rank(out, progress, scene_docs, firm_docs, store, segmenter, top=top, lang=lang)
    errors.print(
        f"{len(scene_docs)} scenes × {len(firm_docs)} firms → "
        f"{len(scene_docs)} rankings{f' in {out}' if out else ''}",
        highlight=False,
    )
    if scene_errors or firm_errors:
        raise typer.Exit(SKIPPED_LINES)


def _check_format_and_language(output_format: str, lang: str) -> None:
    if output_format != "jsonl":
        raise typer.BadParameter("only jsonl is supported", param_hint="--format")
    if lang not in ("zh", "en"):
        raise typer.BadParameter("zh or en", param_hint="--lang")


def _encode_and_rank(
    out: Path | None,
    progress: Progress,
    scene_docs: list[SceneDoc],
    firm_docs: list[FirmDoc],
    store: VectorStore,
    segmenter: Segmenter,
    *,
    top: int,
    lang: str,
) -> None:
    """Encode the firms (keeping their vectors), index them, then write every scene's
    ranking to ``out`` (default: standard output), one line a scene, on one progress bar."""
    from scenehub.matching import bulk
    from scenehub.matching.index import build_firm_index, firm_texts_to_encode

    texts = firm_texts_to_encode(firm_docs)
    task = progress.add_task("encoding firms", total=len(texts))
    store.vectors(texts, on_encoded=lambda n: progress.advance(task, n))
    progress.update(task, description="indexing firms")
    index = build_firm_index(firm_docs, encoder=store, segmenter=segmenter)
    store.save()
    progress.update(task, description="ranking scenes", total=len(scene_docs), completed=0)
    with _output(out) as stream:  # opened only now: a failed encoding leaves ``out`` as it was
        for line in bulk.rank_all(scene_docs, index, top, lang):
            stream.write(line + "\n")
            progress.advance(task)


def _semantics(
    model: Path | None, data_dir: Path, console: Console
) -> tuple[VectorStore, Segmenter]:
    """The encoder (the built-in one, or ``model``) with ``data_dir``'s kept vectors, and
    the industry classifier as segmenter (trained first if the data dir has none)."""
    from scenehub.industry.model_store import default_classifier
    from scenehub.industry.segmenter import ChainSegmenter
    from scenehub.industry.taxonomy import load_chain
    from scenehub.matching.semantic import MissingSemanticExtra, load_encoder
    from scenehub.matching.vectors import VectorStore, vector_path

    try:
        encoder = load_encoder(model)
    except (MissingSemanticExtra, FileNotFoundError) as error:
        raise typer.BadParameter(str(error), param_hint="--model") from error
    with console.status("loading the industry classifier…") as status:
        classifier = default_classifier(
            data_dir,
            load_chain(),
            encoder,
            lambda step: status.update(f"training the industry classifier (first use): {step}…"),
        )
    store = VectorStore(encoder, vector_path(data_dir, "bulk-firms", encoder))
    return store, ChainSegmenter(classifier)


def _read(
    console: Console, path: Path, parse: Callable[[dict[str, Any]], D], kind: str
) -> tuple[list[D], int]:
    """The documents of a file (first of each id), reporting bad lines and repeats."""
    from scenehub.matching import bulk

    docs, problems = bulk.read_jsonl(path, parse)
    docs, repeats = bulk.unique(docs, lambda doc: doc.id, kind)
    for problem in problems:
        console.print(f"[red]skipped[/red] {escape(str(problem))}", highlight=False)
    for repeat in repeats:
        console.print(f"[yellow]warning[/yellow] {escape(repeat)}", highlight=False)
    return docs, len(problems)


@contextlib.contextmanager
def _output(out: Path | None) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
        return
    with out.open("w", encoding="utf-8") as stream:
        yield stream


def _progress(console: Console, enabled: bool) -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not enabled,
        transient=False,
    )
