"""When a violated frame is a misreading rather than an error: the readings a check rests on, and the other
statements that would make it hold.

Each rule looks only at the claims and the words of their sentences. :func:`unsure` lists the claims of a check
whose meaning the text does not establish (with the reason); :func:`fits_elsewhere`, :func:`far_apart`,
:func:`misdated` and :func:`two_sources` recognise a failed check that another reading explains. The verdicts
are made in :mod:`consistency`; docs/check.md ("Only established readings make an error") lists the rules.
"""
from __future__ import annotations

import math
import re

from . import periods as P
from .frames import Constraint, mid, overlap
from .model import Claim, quoted

#: largest relative gap between mirror statistics that we call a tension rather than an error
#: (CIF/FOB valuation, timing and partner attribution: 10–20% is normal; we allow 35%)
MIRROR_GAP = 0.35


def status(k: Constraint, env) -> str:
    st, co = k.evaluate(env)
    if overlap(st, co):
        return "ok"
    if k.mixed:
        m1, m2 = mid(st), mid(co)
        if m1 > 0 and m2 > 0 and max(m1, m2) / min(m1, m2) <= 1 + MIRROR_GAP:
            return "tension"
    return "violated"


#: words that name a trade balance; a sentence using one without a figure read as the balance may have its
#: balance read as a flow ("Der deutsche Exportüberschuss lag bei 46,4 Mrd. Euro")
BALANCE_WORDS = re.compile(r"surplus|deficit|trade balance|сальдо|профицит|дефицит|профіцит|дефіцит|überschuss|"
                           r"defizit|handelsbilanz|saldo", re.IGNORECASE)


def sentences_with_unread_balance(claims: list[Claim], text: str | None) -> set[tuple[int, int]]:
    """The sentences that name a surplus, deficit or balance but in which no figure was read as one."""
    if not text:
        return set()
    has_balance = {c.sentence for c in claims if c.kind == "balance" or c.indicator == "balance"}
    out = set()
    for sent in {c.sentence for c in claims if c.indicator in ("exports", "imports", "turnover")}:
        if sent not in has_balance and BALANCE_WORDS.search(text, sent[0], sent[1]):
            out.add(sent)
    return out


def moved_doubts(claims: list[Claim], text: str | None = None) -> set[str]:
    """Flow figures whose countries their sentence does not name (carried from earlier), when the sentence before
    (the last one with figures) names a country but reads none of its figures as a flow: the text moved to another
    topic there ("China's trade with the five Central Asian states grew 27%, from $70.2 billion to $89.4 billion.
    Chinese exports to the region were $61.4 billion"), so the carried pair is not established. A sentence that
    names no country ("This is 9.2% less than a year before.") continues the topic."""
    sents: list[list[Claim]] = []
    for c in claims:                                      # in text order
        if c.value is None:
            continue
        if not sents or sents[-1][0].sentence != c.sentence:
            sents.append([])
        sents[-1].append(c)
    out = set()
    for before, cs in zip(sents, sents[1:]):
        if any(x.indicator for x in before) or (text is not None and not any(
                P.country(m.group(1)) for m in P.COUNTRY_RE.finditer(text, *before[0].sentence))):
            continue
        out |= {c.id for c in cs if c.indicator in ("exports", "imports", "turnover", "balance")
                and not c.subject_named}
    return out


#: words that look back from the period in context ("In the whole of the previous Iranian year, exports had come
#: to …", "Торік …", "im Vorjahr"): a figure in such a sentence that kept the period in context may be the earlier one's
LOOK_BACK = re.compile(r"\b(?:previous|prior|preceding|last year|a year (?:earlier|before|ago)|had (?:been|come|stood|"
                       r"reached|totall?ed|amounted)|vorjahr\w*|vorige\w*|vergangene\w*|zuvor|прошл\w+|предыдущ\w+|"
                       r"ранее|годом раньше|торік|минул\w+|попередн\w+|раніше)\b", re.IGNORECASE)


def carried_doubts(claims: list[Claim], text: str | None = None) -> dict[str, str]:
    """Figures whose period was carried over from an earlier sentence (none of their own) when the carry is not
    established: a sentence between them and the one that gave the period dates its own figures otherwise (the
    text looked back there: "Торік обсяг … 2,4 млрд доларів. Рекорд забезпечив … 800 млн доларів" is last year's
    800, not this year's), or their own sentence opens with a look back that the period reader does not date, before
    its first figure ("In the whole of the previous Iranian year, exports had come to $447.8 million"; a look back
    after a figure, "2,3 Prozent weniger als ein Jahr zuvor", is that figure's base), or they follow such a sentence
    with no sentence dated in its own words between. Each is mapped to the reason."""
    out: dict[str, str] = {}
    last = other = None                 # the last figure dated in its own sentence; the last one dated otherwise
    src: dict = {}                      # period → the last figure dated so in its own sentence
    pending: list[Claim] = []           # own-dated figures of the current sentence (they count from the next)
    first: tuple = (None, 0)            # the current sentence and where its first figure starts
    back = None                         # the last sentence that looked back in undated words
    for c in claims:                    # in text order: linear
        if first[0] != c.sentence:
            first = (c.sentence, c.span[0])
        if pending and pending[0].sentence != c.sentence:
            for x in pending:
                if last is not None and x.period != last.period:
                    other = last
                last = x
                src[x.period] = x
            pending, back = [], None    # a sentence dated in its own words ends a look back's reach
        if c.__dict__.get("own_period"):
            if c.period:
                pending.append(c)
            continue
        if not (c.period and c.period_sure):
            continue
        s0 = src.get(c.period)
        diff = last if last is not None and last.period != c.period else other
        if s0 is not None and diff is not None and diff.sentence[0] >= s0.sentence[1]:
            out[c.id] = "period: carried past a sentence that dates its figures otherwise"
        elif text is not None and LOOK_BACK.search(text, c.sentence[0], first[1]):
            out[c.id], back = "period: carried into a sentence that looks back", c.sentence
        elif back is not None and back != c.sentence:
            out[c.id] = "period: carried past a sentence that looks back"
    return out


def restated_doubts(claims: list[Claim], env, targets: set | None = None) -> dict[str, Claim]:
    """Flow figures read as a flow the text also states, for the same period and in another sentence, with a far
    different value (beyond mirror statistics and no slip of scale), when its own sentence does not name the pair
    and the other statement is not a target: one of the two is most likely another flow read alike ("exports to Great Britain €17,167 million …
    exports to Northern Ireland €4,942 million", both read as exports to the United Kingdom). Each is mapped to
    the other statement."""
    groups: dict = {}
    for c in claims:
        if c.indicator in ("exports", "imports", "turnover", "balance") and c.kind in ("level", "balance") and \
                c.period and c.id in env and all(map(math.isfinite, env[c.id])):
            groups.setdefault((c.subject, c.period, c.unit), []).append(c)
    out: dict[str, Claim] = {}
    for cs in groups.values():
        for i, c in enumerate(cs):
            for x in cs[max(0, i - 8):i + 9]:              # the nearest statements only: linear in the text
                if x is c or x.sentence == c.sentence or c.subject_named or x.id in (targets or ()):
                    continue                      # a named flow is not the doubtful one; a target is no statement
                a, b = abs(mid(env[c.id])), abs(mid(env[x.id]))
                if not (a and b) or max(a, b) / min(a, b) <= 1 + MIRROR_GAP or any(
                        overlap((env[c.id][0] * f, env[c.id][1] * f), env[x.id]) for f in (10.0, 0.1, 1000.0, 0.001)):
                    continue
                out.setdefault(c.id, x)
    return out


def _balance_word_near(c: Claim, text: str | None) -> bool:
    """A balance word before the figure in its sentence, or right after it ("a $4 billion surplus"): only then may
    the figure be the balance. A word after all of a sentence's figures ("… and imports of $5.4 billion, the
    deficit keeps widening") names no figure of it."""
    if not text:
        return True
    return bool(BALANCE_WORDS.search(text, c.sentence[0], c.span[0])
                or BALANCE_WORDS.search(text, c.span[1], min(c.sentence[1], c.span[1] + 12)))


def pronoun_doubts(claims: list[Claim]) -> set[str]:
    """Figures whose flow was carried by a pronoun ("it", "er", "sie", "он") although an earlier figure of the
    same sentence has no trade subject: the pronoun may stand for that figure's noun ("Der Vorsprung schrumpfte
    auf 0,7 Mrd. Euro, nachdem er 2022 noch 50,1 Mrd. Euro betragen hatte": "er" is the lead, not a flow)."""
    out, plain = set(), set()
    for c in claims:                                      # claims are in text order
        if c.__dict__.get("by_pronoun") and c.sentence in plain:
            out.add(c.id)
        if c.value is not None and not c.indicator and c.kind in ("level", "count"):
            plain.add(c.sentence)
    return out


#: words that make a figure a target, a plan, an expectation or a potential rather than a statement of fact
TARGET_WORDS = re.compile(
    r"\b(?:targets?|goals?|aims?|aiming|plans?|planned|expects?|expected|forecasts?|projected|projections?|will|would|"
    r"should|could|might|potential|hopes?|ambition|counts? on|reckons?|anticipates?)\b|"
    r"\b(?:soll|sollen|sollte|Ziel|angestrebt|erwartet|Prognose|könnte|wird|werden|Potenzial|möglich|rechnet|"
    r"hofft|erhofft)\b|"
    r"(?<![\w\u0400-\u04ff])(?:план|цел[ьи]|ожида|прогноз|долж(?:ен|на|но|ны)|может|могут|сможет|потенциал|довести|"
    r"мета|очіку|має становити|мають|повин|може|можуть|потенціал|рассчитыва|надеет|розрахову|сподіва)", re.IGNORECASE)


def target_doubts(claims: list[Claim], text: str | None) -> set[str]:
    """Figures written as a target, plan, expectation or potential ("is to reach at least $7 billion next year",
    "soll … erreichen", "должен составить", "має становити"): the words between the previous figure of the
    sentence (or its start) and the figure say so. Such a figure is not a statement of fact to check others
    against."""
    return _said_before(claims, text, TARGET_WORDS)


def _said_before(claims: list[Claim], text: str | None, words: re.Pattern, wanted=None, moves=None) -> set[str]:
    """The claims (those ``wanted``, default all) whose words since the previous figure of their sentence (one that
    ``moves`` the start, default every one), or since the sentence's start, match ``words``."""
    if not text:
        return set()
    out, prev_end = set(), {}
    for c in claims:                                      # in text order
        start = max(c.sentence[0], prev_end.get(c.sentence, c.sentence[0]))
        if (wanted is None or wanted(c)) and words.search(text, start, c.span[0]):
            out.add(c.id)
        if moves is None or moves(c):
            prev_end[c.sentence] = c.span[1]
    return out


#: words that make a figure a part of a flow (a product, a kind of trade) or the other a total: "exports of oil",
#: "agricultural exports", "re-exports", "ohne Kraftfahrzeuge", "без учета энергоносителей", "of which", "in total"
PART_WORDS = re.compile(
    r"\b(?:oil|crude|gas|lng|coal|grain|wheat|maize|corn|steel|metals?|iron|copper|cars?|vehicles?|machinery|"
    r"electronics|agricultural|agri-?food|food|energy|fertili[sz]ers?|re-?exports?|excluding|without|of which|"
    r"including|non-\w+|total|overall|as a whole|in all|alone|wines?|spirits)\b|"
    r"\b(?:Öl|Erdöl|Erdgas|Gas|Kohle|Getreide|Kraftfahrzeug\w*|Maschinen|Agrar\w*|Energie\w*|Lebensmittel|ohne|davon|"
    r"allein|Wein\w*|"
    r"darunter|insgesamt|gesamt\w*)|"
    r"(?<![\w\u0400-\u04ff])(?:нефт|газ|зерн|угол|угл|металл|автомобил|сельскохозяйств|продовольств|энергонос|"
    r"без учета|в том числе|из них|всего|в целом|нафт|вугіл|метал|агро|сільськогосподар|продовольч|без урахування|"
    r"у тому числі|з них|загалом|усього|лише|лишь|только|тільки|вин[оаиу]|вина\b)", re.IGNORECASE)


def part_doubts(claims: list[Claim], text: str | None) -> dict[str, str]:
    """Money flow figures whose words (from the previous figure of the sentence, or its start) name a product, a
    kind of trade or a total: one of two statements of "the same" flow may be a part of the other ("exports of
    oil to Italy were $8.1 billion … total exports to Italy $9.9 billion"). Each is mapped to its role: "total"
    when every such word says total ("insgesamt", "in all", "всего"), else "part"."""
    # "25,000 tonnes of wine worth $69 million": one item, so a tonnage does not end the product's words
    if not text:
        return {}
    out, prev_end = {}, {}
    for c in claims:                                      # in text order
        start = max(c.sentence[0], prev_end.get(c.sentence, c.sentence[0]))
        if c.indicator in ("exports", "imports", "turnover", "balance"):
            words = [m.group(0) for m in PART_WORDS.finditer(text, start, c.span[0])]
            if words:
                out[c.id] = "total" if all(TOTAL_WORDS.fullmatch(w) for w in words) else "part"
        if c.kind != "count":
            prev_end[c.sentence] = c.span[1]
    return out


#: the words of :data:`PART_WORDS` that make a figure the total rather than a part
TOTAL_WORDS = re.compile(r"total|overall|as a whole|in all|insgesamt|gesamt\w*|всего|в целом|загалом|усього",
                         re.IGNORECASE)


def part_fits(c: Claim, other: Claim | None, role: str | None) -> bool:
    """Whether ``c`` can be a part (role "part") or the total (role "total") beside ``other``, the other statement of
    its flow: a total is not smaller than its part ("Insgesamt … 104.3 billion" after "105.7 billion" is no total of
    it, it is the same flow stated twice)."""
    if other is None or role is None or c.value is None or other.value is None:
        return True
    return abs(c.value) >= abs(other.value) if role == "total" else abs(c.value) <= abs(other.value)


#: words that make a figure a country's trade with the whole world rather than with one partner: "total exports",
#: "overall trade surplus", "Gesamtexporte", "insgesamt", "внешнеторговый оборот", "загальний експорт"
WORLD_WORDS = re.compile(
    r"\b(?:total|overall|global|worldwide|with the world|all (?:its|their) (?:exports|imports|trade)|foreign trade|"
    r"external trade|sold abroad)\b|"
    r"\b(?:insgesamt|gesamt\w*|Gesamt\w*|weltweit\w*|Außenhandel\w*)|"
    r"(?<![\w\u0400-\u04ff])(?:всего|общ(?:ий|его|ем|ая|ей)|совокупн|в целом|внешн\w+ торг|внешнеторгов|загальн|"
    r"зовнішн\w+ торг|зовнішньоторгов|усього|загалом)", re.IGNORECASE)


#: words that say a figure is the pair's own trade ("the two-way total", "bilateral", "взаимная торговля")
PAIR_WORDS = re.compile(r"\b(?:two-way|bilateral|mutual|bilateral\w*|beiderseitig\w*|gegenseitig\w*)|"
                        r"(?<![\w\u0400-\u04ff])(?:взаимн|двусторон|двосторон|взаємн|двобічн)", re.IGNORECASE)

#: a preposition that makes the country after it a partner ("to China", "with Russia", "mit Polen", "с Китаем")
_PARTNER_BEFORE = re.compile(r"(?:\b(?:to|with|from|between|and|mit|nach|aus|zwischen|und)|(?<![\w\u0400-\u04ff])"
                             r"(?:с|со|в|во|из|между|и|з|зі|до|між|та|і))\s+(?:the\s+)?$", re.IGNORECASE)


def world_doubts(claims: list[Claim], text: str | None) -> set[str]:
    """Flow figures whose sentence, up to the figure, says "total", "overall", "insgesamt", "всего" … and names at
    most one country: the figure may be that country's trade with the whole world, not with the pair the
    checker gave it ("Brazil's overall surplus widened to $98.8 billion, as total exports rose to $340 billion"
    after a sentence about Brazil and China). A check resting on it is not sure."""
    if not text:
        return set()
    out = set()
    for c in claims:
        if c.indicator not in ("exports", "imports", "turnover", "balance") or c.unit in ("pct", "pp") or not c.partner:
            continue                                  # a figure read with no partner is already the world's
        if not WORLD_WORDS.search(text, c.sentence[0], c.span[0]) or PAIR_WORDS.search(text, c.sentence[0], c.sentence[1]):
            continue
        named, partner = set(), False
        for m in P.COUNTRY_RE.finditer(text, c.sentence[0], c.sentence[1]):
            if P.country(m.group(1)):
                named.add(P.country(m.group(1)))
                partner = partner or bool(_PARTNER_BEFORE.search(text, max(0, m.start() - 14), m.start()))
        if len(named) == 1 and not partner:
            out.add(c.id)
    return out


#: a span of several years ("over two years", "in den letzten drei Jahren", "за два роки", "since 2019"): a change
#: measured over it is not against the year before
SPAN_WORDS = re.compile(
    r"\b(?:over|in|within|across|during|for)\s+(?:the\s+)?(?:(?:last|past|previous)\s+)?(?:two|three|four|five|six|"
    r"seven|eight|nine|ten|\d+)\s+years\b|\bsince\s+(?:19|20)\d\d\b|"
    r"\b(?:in|binnen|innerhalb)\s+(?:von\s+)?(?:den\s+)?(?:(?:letzten|vergangenen)\s+)?(?:zwei|drei|vier|fünf|zehn|\d+)"
    r"\s+Jahren\b|\bseit\s+(?:19|20)\d\d\b|"
    r"(?<![\w\u0400-\u04ff])(?:за|в течение|протягом|впродовж)\s+(?:последние\s+|останні\s+)?(?:два|две|три|четыре|"
    r"пять|чотири|п.ять|\d+)\s+(?:года|лет|роки|років)|(?<![\w\u0400-\u04ff])(?:с|з|від)\s+(?:19|20)\d\d\s+(?:года|"
    r"року|г\.)", re.IGNORECASE)


def span_doubts(claims: list[Claim], text: str | None) -> set[str]:
    """Changes whose words (from the previous figure of the sentence to the next) say they span several years
    ("grew by more than 80% over two years", "за два роки зросла на 80%") while the change was read against the
    year before: which base the change has is not established. A change linked to its old level ("from $1.2
    billion … an increase of 58% over two years") has its base stated and is left alone, unless its sentence states
    the flow for a still earlier period too (:func:`_older_level`)."""
    if not text:
        return set()
    out = set()
    by_sent: dict = {}
    for c in claims:                                      # in text order
        by_sent.setdefault(c.sentence, []).append(c)
    by_id = {c.id: c for c in claims}
    for cs in by_sent.values():
        for i, c in enumerate(cs):
            if c.kind != "change" or not c.base_period or not (p := P.parse(c.period)) or \
                    P.parse(c.base_period) != (p[0] - 12, p[1] - 12):
                continue
            if (old := by_id.get(c.__dict__.get("old_id"))) is not None and not _older_level(c, old, cs):
                continue
            start = cs[i - 1].span[1] if i else c.sentence[0]
            end = cs[i + 1].span[0] if i + 1 < len(cs) else c.sentence[1]
            if SPAN_WORDS.search(text, start, end):
                out.add(c.id)
    return out


def _older_level(c: Claim, old: Claim, cs: list[Claim]) -> bool:
    """Whether the sentence ``cs`` also states the flow of change ``c`` for a period of the same length before that
    of ``old``, the level the change was linked to ("6.3 billion in 2021, 9.7 billion in 2022 and 11.4 billion in
    2023, up more than 80% over two years", linked to 2022): which one is the base is not established."""
    q = P.parse(old.period)
    return bool(q) and any(x.subject == old.subject and x.kind == old.kind and (r := P.parse(x.period))
                           and r[1] < q[0] and r[1] - r[0] == q[1] - q[0] for x in cs)


#: "from" before an amount: the earlier value of a pair ("narrowed to $30.8 billion from $51.1 billion", "von 9,9 auf
#: 13,1 Mrd.", "с $3,8 млрд до $4,1 млрд", "з 2,1 до 2,4 млрд")
_FROM_BEFORE = re.compile(r"(?:\bfrom|\bvon|(?<![\w\u0400-\u04ff])(?:с|со|з|із|від))\s+(?:(?:about|around|some|nearly|almost|"
                          r"rund|etwa|knapp|около|почти|близько|майже)\s+)?$", re.IGNORECASE)


def from_doubts(claims: list[Claim], text: str | None) -> set[str]:
    """Amounts written after "from" ("von", "с", "з", "від") whose sentence states the same flow for the same period
    again: the earlier value of a "from … to" pair dated like the later one ("The surplus narrowed to $30.8 billion
    from $51.1 billion" after a sentence about 2024). Its period is not established: a check that needs it as
    that period's figure may be misreading it."""
    if not text:
        return set()
    by_sent: dict = {}
    for c in claims:
        if c.indicator and c.period and c.kind in ("level", "balance") and c.value is not None:
            by_sent.setdefault(c.sentence, []).append(c)
    out = set()
    for cs in by_sent.values():
        for c in cs:
            if _FROM_BEFORE.search(text, max(c.sentence[0], c.span[0] - 20), c.span[0]) and any(
                    x is not c and x.subject == c.subject and x.period == c.period for x in cs):
                out.add(c.id)
    return out


def unsure(k: Constraint, by_id: dict, unread_balance: set | None = None,
           text: str | None = None, pronoun_doubt: set | None = None,
           target_doubt: set | None = None, part_doubt: set | None = None,
           from_doubt: set | None = None, world_doubt: set | None = None,
           span_doubt: set | None = None, moved_doubt: set | None = None,
           restated: dict | None = None, levels_in: dict | None = None,
           carried: dict | None = None) -> list[tuple[Claim, str]]:
    """The claims of a check whose meaning the text does not establish in their own sentence, each with the
    reason: a subject filled in from the document's country pair or from an earlier sentence ("subject"), a
    period carried over ("period"), a flow in a sentence that names a balance no figure was read as
    ("may be the balance"), a multiple ("sixfold") measured against a base period the text does not state
    ("base period"). A check resting on such a reading may be misreading the text, not finding an error: it is
    never INCONSISTENT. The *same* check (one flow stated twice) needs both countries named at each statement."""
    out = []
    total = by_id.get(k.claims[0]) if k.kind in ("sum", "balance") else None
    one_sentence = k.kind == "change" and _one_sentence(k, by_id)
    # ... and for its period, a sentence with no other level of that flow (which one is the base would depend on
    # the periods read)
    c0 = by_id.get(k.claims[0])
    own_levels = one_sentence and not any(
        x.subject == c0.subject and x.id not in k.claims for x in (levels_in or {}).get(c0.sentence, ()))
    # a sum or balance whose three figures all carry one period from elsewhere and stand in one passage: the
    # identity holds or fails whatever that period is (one figure dated surely and another carried may differ; a
    # product's part, "oil and gas made up EUR 6 billion of imports", is no part of this identity)
    cs = [by_id.get(i) for i in k.claims]
    one_period = k.kind in ("sum", "balance") and all(cs) and len({x.period for x in cs}) == 1 and not any(
        x.period_sure or (part_doubt or {}).get(x.id) == "part" for x in cs) and one_passage(k, by_id, text) and \
        any(x.sentence == cs[0].sentence for x in cs[1:])     # the total stated beside one of its parts
    for cid in k.claims:
        c = by_id.get(cid)
        if c is None:
            continue
        if not c.period_sure and not _follows(c, total, text) and not own_levels and not one_period:
            why = "period"
        elif c.id in (carried or ()) and not own_levels and not one_period:
            why = carried[c.id]
        elif not (c.subject_named if k.kind == "same" else c.subject_sure) and not _part_of(c, total) and not \
                _names_pair(c, total, text) and not one_sentence and not _total_follows(c, k, by_id, text):
            why = "subject"
        else:
            why = ""
        if c.unit == "pct" or c.unit == "pp":
            # a change is dated by the levels it links
            why = "" if (c.period_sure and c.id not in (carried or ())) or c.kind == "change" else "period"
        if (not why and c.kind == "change" and c.__dict__.get("ratio") and not c.__dict__.get("old_id")
                and (p := P.parse(c.period)) and P.parse(c.base_period) == (p[0] - 12, p[1] - 12)):
            why = "base period"                     # "das Sechsfache": of which year's level?
        if not why and unread_balance and c.sentence in unread_balance and c.indicator in (
                "exports", "imports", "turnover") and _balance_word_near(c, text):
            why = "may be the balance"
        if not why and c.id in (from_doubt or ()):
            why = "period: the earlier value of a 'from … to' pair, dated like the later one"
        if not why and c.id in (pronoun_doubt or ()):
            why = "the pronoun may stand for another noun"
        if not why and k.kind == "balance" and owner_unnamed(c, text):
            why = "whose balance it is (the country is named as the partner)"
        if not why and k.kind == "same" and c.id in (part_doubt or ()) and part_fits(
                c, next((by_id.get(x) for x in k.claims if x != cid), None), (part_doubt or {}).get(cid)):
            why = "one statement may be a part of the flow (a product, a kind of trade) and the other its total"
        if not why and c.id in (span_doubt or ()):
            why = "base period: the change spans several years"
        if not why and c.id in (world_doubt or ()):
            why = "may be the country's trade with the whole world, not with this partner"
        if not why and c.id in (moved_doubt or ()):
            why = "subject: carried past a sentence about figures of no flow read (the topic may have moved)"
        if not why and k.kind != "same" and c.id in (restated or {}) and restated[c.id].id not in k.claims:
            why = f"the text gives this flow a far different value too ({quoted(restated[c.id].text)}): one is likely " \
                  f"another flow read alike"
        if not why and k.kind != "same" and c.kind == "level" and not c.subject_named and (alt := next((
                x for x in (levels_in or {}).get(c.sentence, ()) if x is not c and x.subject == c.subject
                and x.id not in k.claims and x.id in (restated or {})), None)) is not None:
            # "U.S. imports in that category climbed from $12.2 billion to $23.0 billion": the other end of the
            # pair is doubted as another quantity read as this flow, and so is this one
            why = f"its sentence's other figure of this flow ({quoted(alt.text)}) is likely another quantity read alike"
        if c.id in (target_doubt or ()):
            why = "a target or expectation, not a statement of fact"
        if why:
            out.append((c, why))
    return out


def owner_unnamed(c: Claim, text: str | None) -> bool:
    """A balance whose owner is named in its sentence only as a partner, after "with"/"mit"/"с"/"з" ("the
    deficit in trade with Russia" read as Russia's balance): which side the surplus is on is not established."""
    if not text or c.indicator != "balance" or not c.reporter:
        return False
    from .links import WITH_BEFORE

    seen = False
    for m in P.COUNTRY_RE.finditer(text, c.sentence[0], c.sentence[1]):
        if P.country(m.group(1)) == c.reporter:
            if not WITH_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                return False
            seen = True
    return seen


def _one_sentence(k: Constraint, by_id: dict) -> bool:
    """A change, its new level and its old level stated in one sentence as one flow ("China's exports to Africa
    rose 7.5% to $173 billion, from $181 billion"): the arithmetic is internal to the sentence, so it holds or
    fails whatever the flow's countries are, even when the checker cannot name them."""
    cs = [by_id.get(i) for i in k.claims]
    return all(cs) and len({c.sentence for c in cs}) == 1 and len({c.subject for c in cs}) == 1


def _part_of(c: Claim, total: Claim | None) -> bool:
    """A flow stated in the same sentence as the established turnover or balance it is checked against is one
    of its parts ("trade came to $171 billion: exports $61 billion, imports $111 billion"): its countries are
    the total's, whichever way round the flow was read (a sum and a balance of one pair do not depend on it)."""
    return (total is not None and c is not total and c.sentence == total.sentence and total.subject_sure
            and total.period_sure and c.indicator in ("exports", "imports"))


def _follows(c: Claim, total: Claim | None, text: str | None) -> bool:
    """A flow whose period is carried over from the sentence right before it, where the established total it
    is checked against is stated for that period ("Two-way trade came to $18.4 billion in January-March. Korea's
    exports to Japan fell 22% to $6.39 billion, imports …"): the flow continues that total's topic, so its
    period is the total's."""
    return (total is not None and text is not None and c is not total and c.indicator in ("exports", "imports")
            and total.period_sure and total.subject_sure and c.period == total.period
            and (c.subject_sure or _names_pair(c, total, text))
            and total.sentence[1] <= c.sentence[0] and not text[total.sentence[1]:c.sentence[0]].strip())


def _total_follows(c: Claim, k: Constraint, by_id: dict, text: str | None) -> bool:
    """The total of a sum or balance whose countries were carried over, stated in the sentence right after its two
    parts, which are read surely, in a sentence that names no other country ("Exports to Argentina came to $3.91
    billion … Purchases from Argentina rose to $3.95 billion. The secretariat put the resulting surplus at $40.3
    million."): the total continues the parts' topic, so its pair is theirs."""
    if k.kind not in ("sum", "balance") or text is None or c.id != k.claims[0]:
        return False
    parts = [by_id.get(i) for i in k.claims[1:]]
    if not all(parts) or not all(p.subject_sure and p.period_sure and p.period == c.period for p in parts):
        return False
    sents = sorted({c.sentence, *(p.sentence for p in parts)})
    if sents[-1] != c.sentence or any(text[a[1]:b[0]].strip() for a, b in zip(sents, sents[1:])):
        return False
    pair = {parts[0].reporter, parts[0].partner}
    named = {P.country(m.group(1)) for m in P.COUNTRY_RE.finditer(text, *c.sentence)} - {None}
    return named <= pair


def _names_pair(c: Claim, total: Claim | None, text: str | None) -> bool:
    """A flow in the sentence right after the established total of a pair, read as a flow of that pair, whose
    sentence names one of the two countries and no other ("Exports to Turkey reached $3.6 billion" after the
    Azerbaijan–Turkey turnover): its other country is the total's other one."""
    if total is None or text is None or c is total or c.indicator not in ("exports", "imports") or not (
            total.subject_sure and total.period_sure and total.sentence[1] <= c.sentence[0]
            and not text[total.sentence[1]:c.sentence[0]].strip()):
        return False
    pair = {total.reporter, total.partner}
    if {c.reporter, c.partner} != pair:
        return False
    named = {P.country(m.group(1)) for m in P.COUNTRY_RE.finditer(text, c.sentence[0], c.sentence[1])} - {None}
    return bool(named) and named <= pair


def fits_elsewhere(k: Constraint, env) -> tuple[str, Claim] | None:
    """Another statement of the total a violated sum or balance computes that the parts do fit (the same
    pair in another period, or the same flow stated again): then the parts are most likely read right and the
    stated total is another quantity or period than the checker read, not an error."""
    for slot, alt in k.alternatives:
        # an open bound ("over $100 billion") fits nearly anything: it says nothing about the parts, whether it is
        # the alternative or the total of a sum or balance that stays ("a surplus of more than $46.8 billion" fits
        # any smaller import)
        if alt.id not in env or slot not in env or not all(map(math.isfinite, env[alt.id])) or (
                k.kind in ("sum", "balance") and slot != k.claims[0] and k.claims[0] in env
                and not all(map(math.isfinite, env[k.claims[0]]))):
            continue
        saved, env[slot] = env[slot], env[alt.id]
        try:
            ok = status(k, env) != "violated"
        finally:
            env[slot] = saved
        if ok:
            return slot, alt
    return None


#: words that attribute a figure to a source ("according to Chinese customs", "Kazakh statistics show",
#: "по данным", "laut Destatis", "за даними")
SOURCE_WORDS = re.compile(r"according to|\bcustoms\b|statistic|\bdata\b|\bcites?\b|\bput (?:it|trade|the figure)|"
                          r"\bestimate|по данным|по информации|по оценк|статистик|таможн|laut\b|nach Angaben|Angaben|"
                          r"Statisti|Zoll|за даними|статистик|митн", re.IGNORECASE)


#: words that mark a figure as one vintage of a statistic (a preliminary figure, a revision)
REVISION_WORDS = re.compile(r"preliminary|revised|revision|updated|provisional|vorläufig|revidiert|korrigiert|"
                            r"предварительн|уточн|пересмотр|попередн|оновлен", re.IGNORECASE)


def two_sources(k: Constraint, by_id: dict, text: str | None) -> bool:
    """Two statements of one flow (the *same* check) whose sentences each attribute their figure to a source
    (mirror data, a ministry and a statistics office), or one of which calls it preliminary or revised (two
    vintages): two statistics, which differ normally; within :data:`MIRROR_GAP` that is a tension, not an
    error."""
    if k.kind != "same" or not text:
        return False
    a, b = (by_id.get(i) for i in k.claims)
    if not (a and b):
        return False
    return bool((SOURCE_WORDS.search(text, *a.sentence) and SOURCE_WORDS.search(text, *b.sentence))
                or REVISION_WORDS.search(text, *a.sentence) or REVISION_WORDS.search(text, *b.sentence))


def one_passage(k: Constraint, by_id: dict, text: str | None) -> bool:
    """A total and its parts stated in one passage (one sentence, or sentences that follow one another with no
    other sentence between them) without two sources named: the text splits one source's total, whichever
    country each part is worded from ("Russia's exports to Turkey came to $41.2 billion and Turkish deliveries
    to Russia to $9.8 billion"), so the parts are not two countries' (mirror) statistics."""
    cs = [by_id.get(i) for i in k.claims]
    if not text or not all(cs):
        return False
    sents = sorted({c.sentence for c in cs})
    if any(text[a[1]:b[0]].strip() for a, b in zip(sents, sents[1:])):
        return False
    return sum(bool(SOURCE_WORDS.search(text, *s)) for s in sents) < 2


def misdated(k: Constraint, by_id: dict, env) -> bool:
    """A figure for a much shorter period (less than a quarter of the longer one: a month against a year or a
    half-year) that is about as large as the longer period's figure (at most :data:`MIRROR_GAP` above it): more
    likely the whole period's figure dated by a nearby month ("revised figures released in February show …
    for the year") than a month larger than its year. A quarter against its year, a half against its year, and
    a month several times its year (a slip of scale) stay errors."""
    if k.kind != "contains":
        return False
    inner, outer = (by_id.get(i) for i in k.claims)
    pi, po = (P.parse(x.period) if x else None for x in (inner, outer))
    if not (pi and po) or (pi[1] - pi[0] + 1) * 4 >= po[1] - po[0] + 1:
        return False
    a, b = mid(env[inner.id]), mid(env[outer.id])
    return b > 0 and a / b <= 1 + MIRROR_GAP


def far_apart(k: Constraint, env) -> bool:
    """Two statements of one flow (the *same* check) further apart than mirror statistics explain and not
    reconciled by a slip of scale (×10, ×1000): more likely two different quantities read alike (a monthly
    average beside a total, another country's flow) than one figure misstated."""
    if k.kind != "same":
        return False
    st, co = k.evaluate(env)
    a, b = abs(mid(st)), abs(mid(co))
    if not (a and b and math.isfinite(a) and math.isfinite(b)) or max(a, b) / min(a, b) <= 1 + MIRROR_GAP:
        return False
    if swapped(k, env):
        return False
    return not any(overlap((st[0] * f, st[1] * f), co) for f in (10.0, 0.1, 1000.0, 0.001))


def swapped(k: Constraint, env) -> bool:
    """One of two statements of a flow (the *same* check) equals the flow the other way round stated for the
    same period ("Kazakh exports to China $16.3 billion, imports from China $24.7 billion … Kazakhstan's exports
    to China, 24.7 billion dollars"): the direction is swapped — an error, not two quantities read alike."""
    if k.kind != "same" or not k.opposite:
        return False
    st, co = k.evaluate(env)
    return any(x.id in env and x.id not in k.claims and (overlap(env[x.id], st) or overlap(env[x.id], co))
               for x in k.opposite)
