"""Safe YAML and validation: the one reader and the one line locator for every YAML kind dyadwatch reads.

    doc = load(text, "file.yaml")                 # mappings remember their lines; bombs and NaN refused
    record, problems = validate(Model, doc["x"][0], "file.yaml", loc=("x", 0))
    raise_all(problems)                           # one ValidationErrors listing every problem of the file

Guarantees (tested in tests/reliability/test_rel_yaml.py):

- **Bounded**: the document graph is measured before anything is built from it. Aliases may share a node,
  but the *expanded* size (every alias counted as a full copy) must stay under ``MAX_NODES`` and the
  nesting under ``MAX_DEPTH``; a "billion laughs" file fails in milliseconds with exit 2.
- **Finite**: ``.nan``, ``.inf`` and numbers that overflow to infinity are refused where they stand.
- **Plain values**: dates stay text (the models check them), duplicate keys are an error, only the YAML
  safe tags are known.
- **Located**: :func:`line_of` maps a pydantic error location (``("claims", 3, "value")``) to the line of
  the deepest node it reaches; every kind uses it, so every message reads ``file:line: field 'x': reason``.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from dyadwatch.errors import ValidationError, ValidationErrors

MAX_NODES = 200_000      # expanded nodes (aliases counted in full) in one document
MAX_DEPTH = 64           # nesting of mappings and sequences
MAX_BYTES = 20 * 1024 * 1024


class LineDict(dict):
    """A mapping that remembers the (1-based) line of itself and of each key."""

    line: int = 0
    key_lines: dict


class LineList(list):
    """A sequence that remembers the (1-based) line of itself and of each item."""

    line: int = 0
    item_lines: list


def _loader():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise ValidationError("a mapping key must be plain text or a number",
                                      line=key_node.start_mark.line + 1) from None
            if key in result:
                raise ValidationError(f"duplicate key {key!r}", line=key_node.start_mark.line + 1)
            result[key] = loader.construct_object(value_node, deep=deep)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(loader, node, deep=False):
        result = LineList(loader.construct_object(child, deep=deep) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    def construct_float(loader, node):
        value = yaml.SafeLoader.construct_yaml_float(loader, node)
        if not math.isfinite(value):
            raise ValidationError(f"{node.value!r} is not a finite number", line=node.start_mark.line + 1)
        return value

    def construct_int(loader, node):
        value = yaml.SafeLoader.construct_yaml_int(loader, node)
        if abs(value) > 10 ** 18:
            raise ValidationError(f"{node.value!r} is too large a number", line=node.start_mark.line + 1)
        return value

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    Loader.add_constructor("tag:yaml.org,2002:float", construct_float)
    Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    # dates stay text: the models validate them (and report 2022-02-30 with its line, not a crash)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return Loader


def _check_graph(root, file: str, max_nodes: int, max_depth: int) -> None:
    """Refuse a node graph whose expansion (aliases counted in full) is too large or too deep; iterative,
    memoised per shared node, so measuring a bomb costs as little as reading it."""
    import yaml

    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if not done and key in visiting:
            raise ValidationError("an alias refers to the mapping or list that contains it (a recursive alias)",
                                  file=file, line=node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            sizes[key], depths[key] = 1, 0
            continue
        children = ([c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode)
                    else list(node.value))
        if not done:
            visiting.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        size = 1 + sum(sizes.get(id(c), 1) for c in children)
        depth = 1 + max((depths.get(id(c), 0) for c in children), default=0)
        line = node.start_mark.line + 1
        if depth > max_depth:
            raise ValidationError(f"nested more than {max_depth} levels deep", file=file, line=line,
                                  hint="a curated file needs only a few levels")
        if size > max_nodes:
            raise ValidationError(f"expands to more than {max_nodes:,} values (aliases counted in full): "
                                  "refused as a likely alias bomb", file=file, line=line,
                                  hint="write the values out, or use fewer aliases")
        sizes[key], depths[key] = size, depth
        visiting.discard(key)


def load(text: str, file: str, *, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> Any:
    """Parse one YAML document safely (see the module docstring); errors carry the file and line."""
    import yaml

    if len(text) > MAX_BYTES:
        raise ValidationError(f"the file is {len(text):,} characters, more than the {MAX_BYTES:,} limit", file=file)
    loader = None
    try:
        loader = _loader()(text)
        node = _compose(loader, max_depth)
        if node is None:
            return None
        _check_graph(node, file, max_nodes, max_depth)
        return loader.construct_document(node)
    except ValidationError as exc:
        if exc.file:
            raise
        raise ValidationError(exc.reason, file=file, line=exc.line, hint=exc.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ValidationError(f"not valid YAML: {exc.problem or exc}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise ValidationError(f"not valid YAML: {exc}", file=file) from None
    except RecursionError:
        raise ValidationError(f"nested more than {max_depth} levels deep", file=file) from None
    finally:
        if loader is not None:
            loader.dispose()


def _compose(loader, max_depth: int):
    """loader.get_single_node(), refusing deep nesting while composing (the composer recurses)."""
    import yaml

    depth = [0]
    original = loader.compose_node

    def compose_node(parent, index):
        if loader.check_event(yaml.MappingStartEvent, yaml.SequenceStartEvent):
            depth[0] += 1
            if depth[0] > max_depth:
                mark = loader.peek_event().start_mark
                raise ValidationError(f"nested more than {max_depth} levels deep", line=mark.line + 1,
                                      hint="a curated file needs only a few levels")
            try:
                return original(parent, index)
            finally:
                depth[0] -= 1
        return original(parent, index)

    loader.compose_node = compose_node
    return loader.get_single_node()


def plain(value: Any) -> Any:
    """Plain dicts and lists (without line data), e.g. for pydantic or JSON."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def line_of(doc: Any, loc: Sequence[Any], default: int | None = None) -> int | None:
    """The line of the deepest node of `doc` that the location path `loc` reaches (keys and indices)."""
    line = getattr(doc, "line", None) or default
    node = doc
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


_TYPE_WORDS = {"float_type": "a number", "float_parsing": "a number", "int_type": "a whole number",
               "int_parsing": "a whole number", "int_from_float": "a whole number", "string_type": "text",
               "dict_type": "a mapping", "list_type": "a list", "bool_type": "true or false"}


def _message(err: dict, kind: str | None) -> str:
    msg = err.get("msg", "invalid").removeprefix("Value error, ")
    kind_ = err.get("type")
    if kind_ == "missing":
        return "is required"
    if kind_ == "extra_forbidden":
        return f"is an unknown field (not a known field of {kind})" if kind else "is an unknown field"
    ctx = err.get("ctx") or {}
    for name, words in (("greater_than_equal", "at least"), ("greater_than", "more than"),
                        ("less_than_equal", "at most"), ("less_than", "less than")):
        if kind_ == name and len(ctx) == 1:
            return f"must be {words} {next(iter(ctx.values()))}, got {err.get('input')!r}"
    if kind_ == "string_pattern_mismatch":
        return f"must match {ctx.get('pattern')}, got {err.get('input')!r}"
    if kind_ == "string_too_short":
        return "must not be empty"
    if kind_ == "too_short":
        return f"must have at least {ctx.get('min_length', 1)} entr{'y' if ctx.get('min_length', 1) == 1 else 'ies'}"
    if kind_ == "too_long":
        return f"must have at most {ctx.get('max_length')} entries, got {ctx.get('actual_length')}"
    if kind_ == "union_tag_invalid":
        return f"must be one of {ctx.get('expected_tags', '')}, got {ctx.get('tag')!r}"
    if kind_ == "literal_error":
        return f"must be one of {ctx.get('expected', '')}, got {err.get('input')!r}"
    if kind_ == "finite_number":
        return "must be a finite number"
    if kind_ in _TYPE_WORDS and not isinstance(err.get("input"), dict | list):
        return f"must be {_TYPE_WORDS[kind_]}, got {err.get('input')!r}"
    if kind_ in _TYPE_WORDS:
        return f"must be {_TYPE_WORDS[kind_]}, got a {'mapping' if isinstance(err.get('input'), dict) else 'list'}"
    return msg


def field_name(loc: Sequence[Any]) -> str | None:
    """A location path as one field name: ('indicators', 'x', 'states', 0, 'lr') -> 'indicators.x.states[0].lr'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def problem(doc: Any, loc: Sequence[Any], reason: str, file: str, *, field: str | None = None,
            hint: str | None = None) -> ValidationError:
    """One problem found by a check the models cannot make (a cross-reference), located like theirs."""
    return ValidationError(reason, file=file, line=line_of(doc, loc), hint=hint,
                           field=field if field is not None else field_name(loc))


def _untagged(errors: list[dict], data: Any) -> list[dict]:
    """Pydantic errors with the union members' tags ('int', 'list[Condition]') taken out of their locations,
    one error per location, and a member's "must be a list" dropped when another member got further."""
    out, tagged = [], set()
    for err in errors:
        loc, node, keep = tuple(err.get("loc") or ()), data, []
        for i, part in enumerate(loc):
            inside = isinstance(node, dict) and part in node or isinstance(node, list) and isinstance(part, int) \
                and 0 <= part < len(node)
            if inside:
                keep.append(part)
                node = node[part]
            elif err.get("type") == "missing" and isinstance(node, dict) and i == len(loc) - 1:
                keep.append(part)          # a missing field
            else:
                tagged.add(len(out))       # a union member's tag
        out.append({**err, "loc": tuple(keep)})
    deeper = {e["loc"][:n] for e in out for n in range(len(e["loc"]))}
    seen, result = set(), []
    for i, err in enumerate(out):
        if i in tagged and err["loc"] in deeper and err.get("type", "").endswith("_type"):
            continue
        if err["loc"] not in seen:
            seen.add(err["loc"])
            result.append(err)
    return sorted(result, key=lambda e: e.get("type") != "extra_forbidden")


def _is_item(doc: Any, loc: Sequence[Any]) -> bool:
    """Does `loc` end at a mapping or list that is an item of a list (reported where its list is named)?"""
    if not loc or not isinstance(loc[-1], int):
        return False
    node = doc
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, dict | list)


def validate(model, data: Any, file: str, *, loc: Sequence[Any] = (), doc: Any = None,
             kind: str | None = None, context: dict | None = None,
             brackets: bool = False) -> tuple[Any, list[ValidationError]]:
    """Validate `data` (a part of `doc` at `loc`) with a pydantic `model`; returns (record or None, problems).
    Every pydantic error becomes one ValidationError with the file, the line and the dotted field.
    `brackets` (the model files): the field is the whole path from the top of the file, list items as
    `states[0]`, and a whole mapping item is reported on the line naming its list. `context` goes to the
    validators."""
    from pydantic import ValidationError as PydanticError

    from dyadwatch.errors import InputError

    doc = data if doc is None else doc
    base = line_of(doc, loc)
    try:
        return model.model_validate(plain(data), context=context), []
    except PydanticError as exc:
        problems = []
        # an unknown field first: it is most often the misspelling of a required one reported missing
        for err in _untagged(exc.errors(), data):
            where = err["loc"]
            if err.get("type") in ("union_tag_invalid", "union_tag_not_found"):   # name the `kind` field
                tag = str((err.get("ctx") or {}).get("discriminator", "")).strip("'")
                where = err["loc"] = where + (tag,) if tag else where
                if err["type"] == "union_tag_not_found":
                    err["type"] = "missing"
            full = tuple(loc) + where
            if err.get("type") == "missing" or (brackets and _is_item(doc, full)):
                line = line_of(doc, full[:-1], base)   # a missing field, or a whole list item: its parent's line
            else:
                line = line_of(doc, full, base)
            field = field_name(full) if brackets else (".".join(map(str, where)) or None)
            problems.append(ValidationError(_message(err, kind), file=file, line=line, field=field))
        return None, problems
    except InputError as exc:  # e.g. an unknown country code from the crosswalk
        bad = None
        if isinstance(data, dict):
            bad = next((k for k, v in data.items() if isinstance(v, str) and getattr(exc, "code", None) == v), None)
        line = line_of(doc, tuple(loc) + ((bad,) if bad else ()), base)
        return None, [ValidationError(str(exc), file=file, line=line, field=bad)]


def raise_all(problems: Iterable[ValidationError], error: type | None = None, errors: type | None = None) -> None:
    """Raise the problems as one error (the first alone when there is one); nothing when empty.
    `error`/`errors` (e.g. ModelFileError/ModelFileErrors, exit 5) replace ValidationError/ValidationErrors."""
    problems = list(problems)
    if error is not None:
        problems = [error(p.reason, file=p.file, line=p.line, field=p.field, hint=p.hint) for p in problems]
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise (errors or ValidationErrors)(problems)


# --- the kinds, for `dyadwatch schema` ------------------------------------------------------------
KINDS: dict[str, tuple[str, str]] = {
    "curated": ("dyadwatch.curated:CuratedDocument",
                "a curated data file: sources, claims, observations, events, recommendations"),
    "card": ("dyadwatch.warning.card_schema:CardFiles",
             "a warning model card (data/warning/ukr_blr.yaml) or its targets file (targets.yaml)"),
    "registry": ("dyadwatch.warning.registry:RegistryFile", "a forecast registry (data/warning/registry.yaml)"),
    "calibration": ("dyadwatch.sanctions.calibrate:CalibrationFiles",
                    "a sanctions calibration model or scenario (data/sanctions/flexible_eu_belarus.yaml)"),
    "monitor-alerts": ("dyadwatch.monitor.models:AlertsFile",
                       "the monitor's alert thresholds, with per-pair overrides (data/monitor/alerts.yaml)"),
    "monitor-staleness": ("dyadwatch.monitor.models:StalenessFile",
                          "when a source's data are stale, with per-pair overrides (data/monitor/staleness.yaml)"),
    "monitor-update": ("dyadwatch.monitor.models:UpdateFile",
                       "what `dyadwatch update` fetches on a first run (data/monitor/update.yaml)"),
    "judgements": ("dyadwatch.report.rule_models:JudgementsFile",
                   "a pair's key-judgement rules (data/judgements/ukr_blr.yaml)"),
    "scenarios": ("dyadwatch.report.rule_models:ScenariosFile",
                  "a pair's scenarios and their signposts (data/scenarios/ukr_blr.yaml)"),
    "sanctions-programmes": ("dyadwatch.sanctions.table_models:ProgrammesFile",
                             "the target country of each sanctions programme (data/sanctions/programmes.yaml)"),
    "sanctions-lists": ("dyadwatch.sanctions.table_models:ListsFile",
                        "the index of bundled official-list subsets (data/sanctions/lists/lists.yaml)"),
}


def schema(kind: str) -> dict:
    """The JSON Schema of one YAML kind (for editors)."""
    import importlib

    from dyadwatch.errors import UnknownCodeError

    if kind not in KINDS:
        raise UnknownCodeError("YAML kind", kind, KINDS, hint="kinds: " + ", ".join(sorted(KINDS)))
    module, attr = KINDS[kind][0].split(":")
    model = getattr(importlib.import_module(module), attr)
    out = model.model_json_schema()
    out.setdefault("title", kind)
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return out


def _text(path, name: str, what: str, error: type) -> str:
    """The UTF-8 text of a file the user named (a missing file is `error`; bad bytes a ValidationError)."""
    from dyadwatch.errors import read_input

    raw = read_input(path, what, error)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"not UTF-8 text (byte {exc.start})", file=name) from None


def read(path, what: str = "file", error: type | None = None) -> Any:
    """Read and safely parse one YAML file the user named (with line data); problems are ValidationError,
    or `error` (e.g. ModelFileError) with the same file, line and reason."""
    from dyadwatch.errors import InputError

    name = str(path)
    try:
        return load(_text(path, name, what, error or InputError), name)
    except ValidationError as exc:
        if error is None:
            raise
        raise error(exc.reason, file=exc.file or name, line=exc.line, field=exc.field, hint=exc.hint) from None


def load_valid(path, model, *, name: str | None = None, kind: str | None = None, error: type | None = None,
               errors: type | None = None, what: str = "file") -> tuple[Any, Any]:
    """Read `path` safely and validate the whole document with `model`: (the document with line data, the
    validated record). Every problem of the file is raised at once (`error`/`errors` as in :func:`raise_all`),
    each as `name:line: field: reason`; `name` is how the file is named in messages (default: its path)."""
    from dyadwatch.errors import InputError

    name = name or str(path)
    try:
        doc = load(_text(path, name, what, error or InputError), name)
    except ValidationError as exc:
        raise_all([exc], error, errors)
    record, problems = validate(model, doc, name, brackets=True, kind=kind)
    raise_all(problems, error, errors)
    return doc, record
