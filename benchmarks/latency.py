"""Single-text latency: ours vs the reference (gliner2 2.1.0), single and batched, plus ``extract_model`` p50/p95.

What an agent tool feels is one call on one short text. This script measures, in one run
and one process, on the same saved checkpoints:

* **ratios**: texts/s of ours over the reference for one text per call (``single``) and
  for ``batch_extract`` with ``--batch-size`` (``batched``), on the bundled model
  (``mini``) and the random base-sized checkpoint (``base``), for each ``--lengths``.
  Engines are interleaved (see ``_common.interleaved``); medians of ``--repeats`` runs.
  Where ours windows a text the reference runs ``extract_long`` with the same chunking
  (``_common.reference_plan``).
* **extract_model**: p50 and p95 milliseconds of
  ``gliner2_integrations.pydantic.extract_model(model, text, Model)`` for a 6-field
  Pydantic model (5 span fields and one ``Literal`` choice) on ``--model-words``-word
  texts with the bundled model, over ``--calls`` calls, cycling through 20 texts, for the exact
  default and the opt-in ``quantize="bf16"`` and ``"int8"`` encoders (``--precisions``). CPU
  milliseconds per call are printed beside wall time: when another program shares the
  cores, wall time exceeds CPU time / threads, and the figures are noisy.

Run:
    python benchmarks/latency.py --quick               # seconds: checks the script only
    python benchmarks/latency.py                       # mini and base, about 10 minutes on 2 cores
    python benchmarks/latency.py --models mini --json runs/bench/latency.json
"""

from __future__ import annotations

import time
from typing import Literal

from _common import (
    base_parser,
    choices,
    interleaved,
    logger,
    machine_info,
    markdown_table,
    median,
    model_names,
    ours_run,
    print_header,
    reference_plan,
    setup,
    split_list,
    warm_up,
    write_json,
)
from _models import checkpoint, load_ours, load_reference
from _texts import make_texts, schema_dict

RATIO_COLUMNS = [
    ("model", "model"),
    ("words", "words"),
    ("mode", "mode"),
    ("texts", "texts"),
    ("ours ms/text", "ours_ms"),
    ("ref ms/text", "ref_ms"),
    ("ours/ref", "ratio"),
    ("reference ran", "reference"),
]
LATENCY_COLUMNS = [
    ("model", "model"),
    ("precision", "precision"),
    ("words", "words"),
    ("fields", "fields"),
    ("calls", "calls"),
    ("p50 ms", "p50_ms"),
    ("p95 ms", "p95_ms"),
    ("min ms", "min_ms"),
    ("cpu ms/call", "cpu_ms"),
]


def ticket_model():
    """The 6-field Pydantic model of the latency figure (what an agent's support-desk tool extracts)."""
    from pydantic import BaseModel, Field

    class Ticket(BaseModel):
        """A customer's message to a support desk."""

        customer: str | None = Field(default=None, description="the name of the person writing in")
        company: str | None = Field(default=None, description="the customer's company")
        product: str | None = Field(default=None, description="the product or service the message is about")
        order_number: str | None = Field(default=None, description="an order or ticket number")
        total: float | None = Field(default=None, description="the amount paid")
        urgency: Literal["low", "medium", "high"] | None = Field(default=None, description="how urgent it is")

    return Ticket


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (``share`` in 0..1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def ratio_rows(model_name: str, ours, ref, args) -> list[dict]:
    """Single and batched ratios of one checkpoint, per text length."""
    from gliner2 import Schema as ReferenceSchema

    from gliner2_core import Schema

    definition = schema_dict(args.labels, "entities")
    spec, ref_schema = Schema.from_dict(definition).build(), ReferenceSchema.from_dict(definition)
    rows = []
    for words in map(int, split_list(args.lengths)):
        for mode, batch_size in (("single", None), ("batched", args.batch_size)):
            count = args.texts if batch_size is None else max(args.texts, batch_size)
            workloads = [make_texts(count, words, seed) for seed in range(args.repeats + 1)]  # [0]: warm-up
            runs = {"ours": ours_run(ours, spec, batch_size)}
            plan = reference_plan(ours, spec, ref, ref_schema, [t for w in workloads for t in w], batch_size)
            runs["ours"](workloads[0])
            plan = warm_up(plan, workloads[0])
            if plan.run is not None:
                runs["reference"] = plan.run
            logger.info("%s | %d words | %s | reference: %s", model_name, words, mode, plan.method)
            times = interleaved(runs, workloads[1:])
            ours_s, ref_s = median(times["ours"]), median(times["reference"]) if plan.run else None
            rows.append(
                dict(
                    model=model_name,
                    words=words,
                    mode=mode if batch_size is None else f"batch{batch_size}",
                    texts=count,
                    ours_ms=1000 * ours_s / count,
                    ref_ms=1000 * ref_s / count if ref_s else None,
                    ratio=ref_s / ours_s if ref_s else None,
                    reference=plan.method,
                    ours_times=times["ours"],
                    ref_times=times.get("reference"),
                )
            )
    return rows


def model_latency(args, quantize: str | None = None) -> dict:
    """``extract_model`` wall and CPU time per call on one text at a time, on ``GLiNER2.from_pretrained()``.

    ``quantize`` ``None`` is the exact default; ``"bf16"``/``"int8"`` the opt-in inexact encoders.
    """
    from gliner2_core import GLiNER2
    from gliner2_integrations.pydantic import extract_model

    model = GLiNER2.from_pretrained(threads=args.threads, quantize=quantize)

    ticket = ticket_model()
    texts = make_texts(20, args.model_words, seed=7)
    for text in texts[:5]:  # warm-up: schema conversion, prompt and word caches
        extract_model(model, text, ticket)
    wall, cpu = [], []
    for call in range(args.calls):
        text = texts[call % len(texts)]
        started, cpu_started = time.perf_counter(), time.process_time()
        extract_model(model, text, ticket)
        wall.append(1000 * (time.perf_counter() - started))
        cpu.append(1000 * (time.process_time() - cpu_started))
    return dict(
        model="mini",
        precision=quantize or "default (fp32, exact)",
        words=args.model_words,
        fields=len(ticket.model_fields),
        calls=args.calls,
        p50_ms=percentile(wall, 0.5),
        p95_ms=percentile(wall, 0.95),
        min_ms=min(wall),
        cpu_ms=median(cpu),
    )


def main(argv=None) -> dict:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--lengths", default="100,200", help="words per text of the ratio rows")
    parser.add_argument("--labels", type=int, default=5, help="entity labels of the ratio rows' schema")
    parser.add_argument("--batch-size", type=int, default=8, help="batch size of the batched rows")
    parser.add_argument("--texts", type=int, default=16, help="texts per timed run (at least one batch)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per row")
    parser.add_argument("--model-words", type=int, default=100, help="words per text of the extract_model figure")
    parser.add_argument("--calls", type=int, default=200, help="extract_model calls timed")
    parser.add_argument(
        "--precisions", default="default,bf16,int8", help="extract_model rows: default (exact fp32), bf16, int8"
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    if args.quick:
        args.lengths, args.texts, args.repeats, args.calls, args.precisions = "20", 2, 1, 5, "default"
    setup(args.threads)
    info = machine_info()
    payload = {"machine": info, "settings": {**vars(args), "json": str(args.json)}, "ratios": [], "latency": []}
    for model_name in model_names(args):
        folder = checkpoint(model_name, quick=args.quick)
        ours, ref = load_ours(folder, backend="default", threads=args.threads), load_reference(folder)
        payload["ratios"] += ratio_rows(model_name, ours, ref, args)
        del ours, ref
    for precision in choices(parser, "--precisions", args.precisions, ("default", "bf16", "int8")):
        payload["latency"].append(model_latency(args, None if precision == "default" else precision))
    print_header(f"latency: ours vs reference (median of {args.repeats} interleaved runs; ours/ref > 1: faster)", info)
    print(markdown_table(payload["ratios"], RATIO_COLUMNS, plain=not args.markdown))
    print()
    print("# extract_model, one text per call (bundled model, from_pretrained() defaults)")
    print(markdown_table(payload["latency"], LATENCY_COLUMNS, plain=not args.markdown))
    write_json(args.json, payload)
    return payload


if __name__ == "__main__":
    main()
