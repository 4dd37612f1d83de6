"""Training-time schemas: which labels, fields and tasks a training row shows.

Each step samples a fresh schema from the record, as the reference trainer does:
labels, fields and options are shuffled; some entity labels and fields are
dropped; classification label sets are subsampled (the gold label is kept); a
few absent relation and structure types of the same dataset are added as
negatives (count 0); sometimes labels are renamed to ``entity 3`` / ``field 2`` /
``label 5`` with the real name as description, so the model learns to read
descriptions.

Structure views teach records from data that has none: an example's entities
become the fields of one record, and each relation type becomes a record type
whose instances are the relation's pairs (fields named by the argument types),
so the count head also learns several instances per text.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from gliner2_core.schema.spec import (
    ClassificationTask,
    EntityTask,
    EntityType,
    Field,
    RelationTask,
    SchemaSpec,
    StructureTask,
)
from gliner2_core.training import checks
from gliner2_core.training.examples import ChoiceGold, FieldGold, Mention, TrainingExample


@dataclass(frozen=True)
class SamplingConfig:
    """Augmentation probabilities (per label, field or task)."""

    drop_label: float = 0.1
    drop_field: float = 0.1
    synthetic_names: float = 0.05
    use_descriptions: float = 0.5
    negative_tasks: int = 1
    max_class_labels: int = 32
    class_label_drop: float = 0.5
    structure_views: float = 0.2
    synonym_names: float = 0.0
    """Per entity label: show a synonym from the label catalog instead (the gold follows)."""
    union_negatives: int = 0
    """Up to this many entity labels of *other* training sources added as negatives (absent types)."""

    def __post_init__(self) -> None:
        shares = ("drop_label", "drop_field", "synthetic_names", "use_descriptions", "class_label_drop", "structure_views", "synonym_names")
        checks.probabilities(self, "sampling", shares)
        checks.integer("sampling.negative_tasks", self.negative_tasks, 0)
        checks.integer("sampling.max_class_labels", self.max_class_labels, 1)
        checks.integer("sampling.union_negatives", self.union_negatives, 0)


@dataclass
class Gold:
    """Gold values keyed by the names the sampled schema uses."""

    entities: dict[str, tuple[Mention, ...]] = field(default_factory=dict)
    structures: dict[str, list[dict[str, FieldGold]]] = field(default_factory=dict)
    relations: dict[str, list[tuple[Mention, Mention]]] = field(default_factory=dict)
    classifications: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class LabelPool:
    """Per source: the relation names and structure layouts seen, for sampling absent (negative) tasks."""

    relations: dict[str, set[str]] = field(default_factory=dict)
    structures: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    choices: dict[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict)
    entity_labels: dict[str, set[str]] = field(default_factory=dict)
    catalog: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """``label -> (description, synonyms)`` for renaming and describing labels (empty: off)."""

    @classmethod
    def from_examples(
        cls, examples: Iterable[TrainingExample], catalog: Mapping[str, tuple[str, tuple[str, ...]]] | None = None
    ) -> LabelPool:
        pool = cls(catalog=dict(catalog or {}))
        for ex in examples:
            pool.entity_labels.setdefault(ex.source, set()).update(ex.entities)
            pool.relations.setdefault(ex.source, set()).update(name for name, _, _ in ex.relations)
            layouts = pool.structures.setdefault(ex.source, {})
            for name, instance in ex.structures:
                known = layouts.get(name, ())
                layouts[name] = known + tuple(f for f in instance if f not in known)
                for fname, gold in instance.items():
                    if isinstance(gold, ChoiceGold):
                        pool.choices[(ex.source, name, fname)] = gold.choices
        return pool


def _shuffled(items: list, rng: random.Random) -> list:
    items = list(items)
    rng.shuffle(items)
    return items


GENERIC_WORDS = frozenset(["date", "time", "day", "month", "year", "money", "amount", "price", "quantity", "number", "percent", "duration", "event", "product", "title", "value"])
"""Types many datasets leave unannotated: never sampled as negatives from another source."""


def _union_negatives(ex: TrainingExample, pool: LabelPool, cfg: SamplingConfig, rng: random.Random) -> list[str]:
    """Entity types of other training sources that this example's source does not annotate."""
    if cfg.union_negatives <= 0 or len(pool.entity_labels) < 2:
        return []
    own = set(ex.entities) | {syn for label in ex.entities for syn in pool.catalog.get(label, ("", ()))[1]}
    others = sorted(
        label
        for source, labels in pool.entity_labels.items()
        if source != ex.source
        for label in labels
        if label not in own and not GENERIC_WORDS.intersection(label.split())
    )
    return rng.sample(others, min(len(others), rng.randint(0, cfg.union_negatives)))


def _shown_name(label: str, pool: LabelPool, cfg: SamplingConfig, rng: random.Random, taken: set[str]) -> str:
    synonyms = pool.catalog.get(label, ("", ()))[1]
    if synonyms and rng.random() < cfg.synonym_names:
        name = rng.choice(synonyms)
        if name not in taken:
            return name
    return label


def _entities(ex: TrainingExample, pool: LabelPool, cfg: SamplingConfig, rng: random.Random, gold: Gold, descriptions: bool):
    labels = [label for label in _shuffled(list(ex.entities), rng) if rng.random() >= cfg.drop_label] or list(ex.entities)[:1]
    negatives = [label for label in _union_negatives(ex, pool, cfg, rng) if label not in labels]
    labels = _shuffled(labels + negatives, rng)
    synthetic = rng.random() < cfg.synthetic_names
    types, taken = [], set(labels)
    for i, label in enumerate(labels, 1):
        name = f"entity {i}" if synthetic else _shown_name(label, pool, cfg, rng, taken)
        taken.add(name)
        description = None
        if descriptions:
            description = ex.entity_descriptions.get(label) or pool.catalog.get(label, ("", ()))[0] or None
        if synthetic:
            description = description or label
        types.append(EntityType(name, description=description))
        gold.entities[name] = ex.entities.get(label, ())
    return EntityTask(tuple(types))


def _complete(ex: TrainingExample) -> bool:
    """Whether the example's records list their absent fields too (their own layout is the whole layout).

    Such sources (synthetic documents with paraphrased field and type names, CASIE) must not be
    shown the pooled layout: a paraphrase of a present field ("amount due" for "total") would be
    taught as absent. Other sources list only the fields present, and the pool adds the rest.
    """
    return any(not (gold.selected if isinstance(gold, ChoiceGold) else gold) for _, inst in ex.structures for gold in inst.values())


def _structures(ex: TrainingExample, pool: LabelPool, cfg: SamplingConfig, rng: random.Random, gold: Gold, descriptions: bool):
    complete = _complete(ex)
    layouts = {} if complete else pool.structures.get(ex.source, {})
    present = list(dict.fromkeys(name for name, _ in ex.structures))
    absent = [n for n in layouts if n not in present]
    names = present + rng.sample(absent, min(len(absent), rng.randint(0, cfg.negative_tasks)))
    tasks = []
    for name in _shuffled(names, rng):
        layout = layouts.get(name) or tuple(dict.fromkeys(f for n, inst in ex.structures if n == name for f in inst))
        kept = [f for f in _shuffled(list(layout), rng) if rng.random() >= cfg.drop_field] or list(layout)[:1]
        notes = ex.structure_descriptions.get(name, {}) if descriptions else {}
        synthetic = rng.random() < cfg.synthetic_names
        fields, rename = [], {}
        for i, fname in enumerate(kept, 1):
            shown = f"field {i}" if synthetic else fname
            rename[fname] = shown
            own = next((inst[fname] for n, inst in ex.structures if n == name and isinstance(inst.get(fname), ChoiceGold)), None)
            choices = own.choices if complete and own is not None else pool.choices.get((ex.source, name, fname))
            description = notes.get(fname) or (fname if synthetic else None)
            fields.append(Field(shown, choices=tuple(_shuffled(list(choices), rng)) if choices else None, description=description))
        tasks.append(StructureTask(name, tuple(fields)))
        gold.structures[name] = [
            {rename[f]: v for f, v in inst.items() if f in rename} for n, inst in ex.structures if n == name
        ]
    return tuple(tasks)


def _relations(ex: TrainingExample, pool: LabelPool, cfg: SamplingConfig, rng: random.Random, gold: Gold):
    present = list(dict.fromkeys(name for name, _, _ in ex.relations))
    absent = sorted(pool.relations.get(ex.source, set()) - set(present))
    names = present + rng.sample(absent, min(len(absent), rng.randint(0, cfg.negative_tasks)))
    for name in names:
        gold.relations[name] = [(h, t) for n, h, t in ex.relations if n == name]
    return tuple(RelationTask(name) for name in _shuffled(names, rng))


def _classification(task, cfg: SamplingConfig, rng: random.Random, gold: Gold, descriptions: bool) -> ClassificationTask:
    negatives = [label for label in task.labels if label not in task.true_labels]
    keep = max(1, round(len(negatives) * (1 - rng.random() * cfg.class_label_drop)))
    keep = min(keep, max(1, cfg.max_class_labels - len(task.true_labels)))
    labels = _shuffled(list(task.true_labels) + rng.sample(negatives, min(keep, len(negatives))), rng)
    synthetic = rng.random() < cfg.synthetic_names
    names = [f"label {i}" if synthetic else label for i, label in enumerate(labels, 1)]
    notes = dict(task.label_descriptions) if descriptions else {}
    described = tuple((n, notes.get(label) or (label if synthetic else "")) for n, label in zip(names, labels) if synthetic or label in notes)
    gold.classifications[task.task] = {n for n, label in zip(names, labels) if label in task.true_labels}
    return ClassificationTask(task.task, tuple(names), label_descriptions=described, multi_label=task.multi_label, prompt=task.prompt)


RECORD_NAMES = ("record", "details", "information", "facts", "extraction")


def _entity_view(ex: TrainingExample, rng: random.Random, gold: Gold) -> StructureTask:
    """The example's entity labels as the fields of one record."""
    labels = _shuffled(list(ex.entities), rng)
    name = rng.choice(RECORD_NAMES)
    gold.structures[name] = [{label: ex.entities[label] for label in labels if ex.entities[label]}]
    return StructureTask(name, tuple(Field(label) for label in labels))


def _argument_type(ex: TrainingExample, mention: Mention) -> str:
    for label, mentions in ex.entities.items():
        if any(m.start == mention.start and m.end == mention.end and m.text == mention.text for m in mentions):
            return label
    return ""


def _relation_view(ex: TrainingExample, name: str, gold: Gold) -> StructureTask:
    """One relation type as a record type; its pairs are the instances."""
    pairs = [(h, t) for n, h, t in ex.relations if n == name]
    head, tail = _argument_type(ex, pairs[0][0]), _argument_type(ex, pairs[0][1])
    if not head or not tail or head == tail:
        head, tail = "head", "tail"
    gold.structures[name] = [{head: (h,), tail: (t,)} for h, t in pairs]
    return StructureTask(name, (Field(head, dtype="str"), Field(tail, dtype="str")))


def sample_schema(ex: TrainingExample, pool: LabelPool, cfg: SamplingConfig, rng: random.Random) -> tuple[SchemaSpec, Gold]:
    """One training-time schema for ``ex`` and the gold under its (possibly renamed) labels."""
    gold = Gold()
    descriptions = rng.random() < cfg.use_descriptions
    entities = _entities(ex, pool, cfg, rng, gold, descriptions) if ex.entities else None
    structures = _structures(ex, pool, cfg, rng, gold, descriptions)
    relations = _relations(ex, pool, cfg, rng, gold)
    classifications = tuple(_classification(t, cfg, rng, gold, descriptions) for t in ex.classifications)
    views = []
    if any(ex.entities.values()) and rng.random() < cfg.structure_views:
        views.append(_entity_view(ex, rng, gold))
    for relation in relations:
        if gold.relations.get(relation.name) and relation.name not in gold.structures and rng.random() < cfg.structure_views:
            views.append(_relation_view(ex, relation.name, gold))
            del gold.relations[relation.name]
    relations = tuple(r for r in relations if r.name in gold.relations)
    spec = SchemaSpec(structures=structures + tuple(views), entities=entities, relations=relations, classifications=classifications)
    return spec, gold
