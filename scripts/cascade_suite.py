"""The cascade on the agent suite, offline: share of fields sent to the LLM, and accuracy.

The stand-in LLM (``GoldAnswerChatModel``) answers every asked field with the suite's gold
value, so the accuracy printed is what a cascade reaches when its LLM is always right, and the
share is what it would pay for. GLiNER2 alone is printed beside it::

    PYTHONPATH=. python scripts/cascade_suite.py                 # every suite model
    PYTHONPATH=. python scripts/cascade_suite.py support_ticket  # one
"""

from __future__ import annotations

import argparse
import logging

from gliner2_core import GLiNER2
from gliner2_datasets.agent_suite import load
from gliner2_datasets.agent_suite.score import Tally
from gliner2_integrations.cascade import CascadeExtractor
from gliner2_integrations.cascade.offline import GoldAnswerChatModel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="suite model names (default: all)")
    parser.add_argument("--min-confidence", type=float, default=None, help="default: the cascade's")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    model = GLiNER2.from_pretrained()
    examples = load(args.names or None)
    print(f"{'model':<20}{'fields':>7}{'to LLM':>8}{'gliner2 acc':>13}{'cascade acc':>13}")
    fields_total = asked_total = 0
    alone_total, cascade_total = Tally(), Tally()
    for name in dict.fromkeys(e.name for e in examples):
        group = [e for e in examples if e.name == name]
        cls = group[0].model
        answers = {e.text: e.gold.model_dump(mode="json") for e in group}
        options = {} if args.min_confidence is None else {"min_confidence": args.min_confidence}
        cascade = CascadeExtractor(
            model=cls, chat_model=GoldAnswerChatModel(messages=iter(()), answers=answers), extractor=model, **options
        )
        results = cascade.batch([e.text for e in group])
        alone, both = Tally(), Tally()
        asked = 0
        for example, result in zip(group, results, strict=True):
            asked += len(result.asked)
            for attr in cls.model_fields:
                gold = getattr(example.gold, attr)
                mine = result.gliner.value
                own = getattr(mine, attr, None) if mine is not None else None
                final = getattr(result.value, attr, None) if result.value is not None else None
                for tally, got in ((alone, own), (alone_total, own), (both, final), (cascade_total, final)):
                    tally.add(got, gold)
        fields = len(group) * len(cls.model_fields)
        fields_total += fields
        asked_total += asked
        print(
            f"{name:<20}{fields:>7}{asked / fields:>8.0%}{alone.row()['accuracy']:>13.3f}{both.row()['accuracy']:>13.3f}"
        )
    print(
        f"{'ALL':<20}{fields_total:>7}{asked_total / fields_total:>8.0%}"
        f"{alone_total.row()['accuracy']:>13.3f}{cascade_total.row()['accuracy']:>13.3f}"
    )


if __name__ == "__main__":
    main()
