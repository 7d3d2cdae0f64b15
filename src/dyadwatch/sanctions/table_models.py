"""The sanctions tables as pydantic models (validated by dyadwatch.safeyaml; `dyadwatch schema
sanctions-programmes`, `dyadwatch schema sanctions-lists`): the target country of each programme per issuer
(data/sanctions/programmes.yaml) and the index of the bundled official-list subsets (data/sanctions/lists/
lists.yaml). Every problem of a file is reported at once with its line; unknown keys are refused."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

Text = Annotated[str, StringConstraints(min_length=1)]
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Programmes = dict[Text, Iso3 | None]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ProgrammesFile(_Strict):
    model_config = ConfigDict(extra="forbid", title="dyadwatch sanctions programmes")
    US: Programmes = Field(default_factory=dict, description="OFAC SDN programme tags -> target ISO3 (or null)")
    EU: Programmes = Field(default_factory=dict, description="EU Financial Sanctions Files programme codes")
    UK: Programmes = Field(default_factory=dict, description="UK Sanctions List regime names")
    uk_id_prefixes: dict[Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")], Text] = Field(
        default_factory=dict, description="UK unique-id prefix (BEL) -> regime name (Belarus)")


class ListSource(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
    title: Text
    publisher: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s/?#]+\S*$")]
    date: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]
    licence: Text
    note: Text | None = None


class ListEntry(_Strict):
    file: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.csv$")] = Field(
        description="a CSV file in the same folder")
    list: Literal["ofac", "eu", "uk"]
    source: ListSource


class ListsFile(RootModel[list[ListEntry]]):
    model_config = ConfigDict(title="dyadwatch bundled sanctions lists")


def read(name: str, model, what: str, folder=None):
    """One sanctions table (bundled, or under `folder`), read safely and validated; every problem at once
    (exit 2)."""
    from importlib.resources import files
    from pathlib import Path

    from dyadwatch.safeyaml import load_valid, plain, problem, raise_all

    path = Path(str(folder or files("dyadwatch") / "data" / "sanctions")) / name
    where = f"data/sanctions/{name}" if folder is None else str(path)
    doc, _ = load_valid(path, model, name=where, what=what,
                        kind="sanctions-programmes" if model is ProgrammesFile else "sanctions-lists")
    if model is ListsFile:   # each subset named must ship next to the index
        raise_all([problem(doc, (i, "file"), f"no file {item['file']!r} next to the index", where)
                   for i, item in enumerate(doc) if not (path.parent / item["file"]).is_file()])
    return plain(doc)
