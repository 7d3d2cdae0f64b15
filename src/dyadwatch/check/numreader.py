"""The number side of the extractor: every number expression of a sentence (money, percentages, changes, ranges,
counts), number words, fractions and verbal multipliers, as claims. :class:`NumberReader` is a base of
:class:`.extract.Extractor`; the patterns are in :mod:`.quantities`.
"""
from __future__ import annotations

import re

from .numbers import FRACTION_WORDS, SCALES, interval, parse_number
from .quantities import (BARE_LIST, BETWEEN_RE, CHANGE_AFTER, CHANGE_BEFORE, CHANGE_NOUN_OF, COUNT_NOUNS, COUNT_UNITS,
                         DOWN_WORDS, ELLIPSIS_BEFORE, FRACTION_RE, FROM_BEFORE, FROM_TO_BEFORE, HEDGES, HEDGE_BEFORE,
                         HEDGE_RE, INDEX_AFTER, LIST_AFTER_PCT, MORE_WORDS, NUMBER_RE, NUMBER_WORDS, SCALE,
                         SHARE_AFTER, SHARE_BEFORE, SHARE_FRACTION_RE, SKIP_AFTER, SKIP_BEFORE, SKIP_ENDS, TO_RANGE, VERBAL_RE,
                         WORDNUM_RE, _AGAINST_AFTER, _AND_NUM, _AUF_AFTER, _BARE_SCALE_END, _BY_FRAC, _CLAUSE_CUT,
                         _COMPOUND, _COUNTISH, _CUR_AFTER, _DE_DOWN_LATE, _DE_LATE_END, _DIGIT_RUN, _DMY_AFTER,
                         _ELIDED_BEFORE, _FIRST_BEFORE, _FOLD_DOWN, _FOLD_N, _FOLD_UP, _HEDGE_BY, _HEDGE_LAST,
                         _LAST_ON, _LIST_WITH_PERIOD, _MONTHS_AFTER, _MONTH_AFTER, _MONTH_BEFORE, _MORE_AFTER,
                         _ON_BEFORE, _ORDINAL_AFTER, _OTHER_CHANGE, _OTHER_DOWN, _PCT_AFTER, _RU_VERB_DIRECT,
                         _SCOPE_LIST, _SHARE_WORD, _SIGN_BEFORE, _TIMES_CONTEXT, _TIMES_OBJECT, _UM_AUF, _VDOWN, _VERB_FOLD, _IE_BY, _OR_AFTER_CHANGE, _OR_PCT_AFTER, _FROM_WORD, _TO_WORD,
                         _WORTH_AFTER, _currency, _is_year, _last_word, _money, _np_before, _other_change, _outside,
                         _partitive_unit, _unit_after)


class NumberReader:
    """The number side of :class:`extract.Extractor`: number expressions, number words, fractions and verbal
    multipliers of a sentence (the extractor supplies ``text``, ``dyad``, ``claims``, ``_new``, ``_recent``,
    ``_previous`` and ``_in_sentence``)."""

    # ------------------------------------------------------------------ digits
    def _numbers(self, s: int, e: int) -> None:
        text = self.text
        consumed = s
        lists = ([(x.start(), x.end()) for x in BARE_LIST.finditer(text, s, e)]
                 if len(_DIGIT_RUN.findall(text, s, e)) >= 8 else [])
        for m in _outside(NUMBER_RE, text, s, e, lists):
            ns, ne = m.start("num"), m.end()
            if ns < consumed:
                continue
            ms = m.start()
            if ms > s and text[ms - 1].isspace():
                hm = HEDGE_BEFORE.search(text, max(s, ms - 40), ms) if _last_word(text, max(s, ms - 40), ms) \
                    in _HEDGE_LAST else None
            else:
                hm = None
            hedge_by = False
            if hm is None and ms > s and _LAST_ON.search(text, max(s, ms - 6), ms):   # "более чем на 10%"
                hm = _HEDGE_BY.search(text, max(s, ms - 40), ms)
                hedge_by = hm is not None
            mstart = hm.start() if hm else m.start()
            before = text[max(0, ns - 12):ns] if not m["cur1"] else text[max(0, mstart - 12):mstart]
            prev = text[ns - 1] if ns else " "
            if not m["cur1"] and (prev.isalnum() or prev in "-–/." and ns >= 2 and text[ns - 2].isalnum()):
                continue
            if before.rstrip().endswith(SKIP_ENDS) and SKIP_BEFORE.search(before):
                continue
            if not (m["pct"] or m["scale"] or m["cur1"] or m["cur2"] or m["fold"] or m["num2"]) and (
                    _ORDINAL_AFTER.match(text, m.end("num")) or (_FIRST_BEFORE.search(before)
                                                                  and _MONTHS_AFTER.match(text, m.end("num")))):
                continue                            # "vom 14. auf den 46. Platz", "im 1. Quartal", "первые 6 месяцев"
            if prev == "(" and text[m.end("num"):m.end("num") + 1] == ")" and not (m["pct"] or m["cur1"]):
                continue                            # "(2)": a list marker
            if text[ne:ne + 1].isdigit() or (not m["pct"] and not m["scale"] and not m["cur2"]
                                                   and not m["fold"] and SKIP_AFTER.search(text[m.end("num"):m.end("num") + 3])):
                continue
            num, cur = m["num"], _currency(m, self.dyad)
            scale_txt = (m["scale"] or "").strip()
            sc_key = scale_txt.lower().rstrip(".")
            mult, comma = SCALES.get(sc_key, (1.0, False))
            if sc_key in ("m", "b", "k") and not cur:
                continue                            # "5 m" without a currency is a distance, not money
            if not (cur or m["pct"] or scale_txt) and (
                    (re.fullmatch(r"\d{1,2}[.,]\d{1,2}", num) and _DMY_AFTER.match(text, m.end("num")))
                    or (text[m.end("num"):m.end("num") + 1] or "x") in "»”\""):
                continue                            # "15.08.2023"; «Россия 24»: a date, a name
            if (len(num) <= 2 and num.isdigit() and _MONTH_AFTER.match(text, ne, ne + 14)
                    and not (cur or m["pct"] or scale_txt)):
                continue                            # "16 May 2024"
            if _MONTH_BEFORE.search(text, max(0, ns - 11), ns) and not (cur or m["pct"] or scale_txt):
                continue                            # "February 24, 2022"
            if not (cur or m["pct"] or scale_txt or m["fold"]) and _is_year(num, text, ns, ne):
                continue
            pv = parse_number(num, decimal_comma=comma, round_zeros=not (m["pct"] or scale_txt))
            if pv is None:
                continue
            hedge = hm["hedge"].lower() if hm else None
            start = mstart if hm else (m.start("cur1") if m["cur1"] else ns)
            if m["cur1"] and text[start] == "\\":
                start += 1
            end = m.end()
            kind, unit, direction = "level", cur, None
            value, half = pv.value * mult, pv.half_unit * mult
            lo, hi = interval(value, half, hedge)
            if m["num2"]:
                p2 = parse_number(m["num2"], decimal_comma=comma)
                if p2 is None or p2.value * mult < value:
                    continue
                kind, lo, hi, value = "range", value, p2.value * mult, (value + p2.value * mult) / 2
            pre = text[max(s, start - 60):start]
            if hedge_by:                               # "вырос примерно на 7%": the change verb is before the hedge
                pre = text[max(s, ms - 60):ms]
            post = text[end:min(e, end + 80)]
            pct_range = None
            if scale_txt and mult >= 1e6 and not m["pct"]:   # "$3 bln 417 mln", "1 млрд 214 млн долларов": one amount
                cm = _COMPOUND.match(text, end, e)
                if cm:
                    m_small = SCALES.get(cm["s"].lower().rstrip("."), (0.0, False))[0]
                    if 0 < m_small < mult:
                        value = value + float(cm["n"]) * m_small
                        half = 0.5 * m_small
                        lo, hi = interval(value, half, hedge)
                        end = cm.end()
                        if not cur:
                            cp = _CUR_AFTER.match(text, end, e)
                            if cp:
                                cur, end = _currency(cp, self.dyad), cp.end()
                                unit = cur
            elif cur and not scale_txt and pv.value < 1000:   # "$4.27 worth": the scale of the figures around
                prev_money = next((x for x in self._recent(start - 400) if _money(x) and x.scale_text), None)
                if prev_money is not None and (_WORTH_AFTER.match(text, end) or prev_money.sentence[0] == s):
                    mult = SCALES.get(prev_money.scale_text.lower().rstrip("."), (1.0, False))[0]
                    value, half = pv.value * mult, pv.half_unit * mult
                    lo, hi = interval(value, half, hedge)
            bm = BETWEEN_RE.search(pre)
            if bm and not m["num2"]:
                m2 = _AND_NUM.match(post)
                if m2:
                    p2 = parse_number(m2["n2"], decimal_comma=comma)
                    if p2 is not None:
                        scale2 = re.match(SCALE.replace("scale", "s2"), post[m2.end():])
                        mult2 = mult if not scale2 else SCALES.get(scale2.group(0).strip().lower().rstrip("."),
                                                                     (mult, False))[0]
                        if not scale_txt and scale2:
                            mult = mult2
                            value, lo = pv.value * mult2, pv.value * mult2
                        kind, lo, hi = "range", value, p2.value * mult2
                        value = (lo + hi) / 2
                        start = start - len(pre) + bm.start()
                        end = end + m2.end() + (scale2.end() if scale2 else 0)
                        pm2 = _PCT_AFTER.match(text, end) if not (m["pct"] or cur or scale2) else None
                        if pm2:
                            pct_range = "pp" if re.search(r"point|punkt|пункт|п\.|в\.", pm2.group(0), re.I) \
                                else "pct"
                            end = pm2.end()
                        post = text[end:min(e, end + 80)]
            m3 = TO_RANGE.match(text, end, e) if kind == "level" and not (cur or m["pct"] or scale_txt
                                                                           or m["fold"]) else None
            if m3 and not FROM_BEFORE.search(pre) and not CHANGE_BEFORE.search(pre):
                p2 = parse_number(m3["n2"], decimal_comma=comma)
                if p2 is not None and p2.value > pv.value:
                    kind, lo, hi = "range", value, p2.value
                    value = (lo + hi) / 2
                    end = m3.end()
                    post = text[end:min(e, end + 80)]
            if not (cur or m["pct"] or scale_txt or m["fold"] or m["num2"]) and _FROM_WORD.search(pre):
                tw = _TO_WORD.match(text, end, e)
                m2 = NUMBER_RE.match(text, tw.end(), e) if tw else None
                if m2 is not None and m2["scale"] and not (m2["pct"] or m2["fold"] or m2["num2"]):
                    sc2 = m2["scale"].strip()
                    mult2, comma2 = SCALES.get(sc2.lower().rstrip("."), (1.0, False))
                    p1 = parse_number(num, decimal_comma=comma2)
                    if p1 is not None and mult2 > 1:
                        cur = unit = _currency(m2, self.dyad)
                        scale_txt = sc2
                        value, half = p1.value * mult2, p1.half_unit * mult2
                        lo, hi = interval(value, half, hedge)
            was_range = kind == "range"
            if pct_range:
                unit = pct_range
                cb = CHANGE_BEFORE.search(text, max(s, start - 60), start)   # "to decline by between 4 and 9%"
                if cb:
                    direction = "down" if cb.group("verb").lower() in DOWN_WORDS else "up"
                    if direction == "down" and value > 0:
                        value, lo, hi = -value, -hi, -lo
            elif m["pct"]:
                pct = m["pct"].strip().lower()
                unit = "pp" if (pct.startswith(("percentage", "pp", "p.p", "п.", "в.")) or "punkt" in pct
                                or "пункт" in pct) else "pct"
                cb, ca, cn = CHANGE_BEFORE.search(pre), CHANGE_AFTER.search(post), CHANGE_NOUN_OF.search(pre)
                fdir = _other_change(pre, post) if not (cb or ca or cn) else None
                if fdir is None and not (cb or ca or cn) and _UM_AUF.search(pre) and _AUF_AFTER.match(post):
                    # "ist 2017 um 30 % auf 15,4 Mrd. Dollar gewachsen": "um … auf" is a change; its verb
                    # (and so its direction) comes at the end of the clause
                    tail = text[end:min(e, end + 120)].split(";")[0]
                    prev = next((x for x in self._in_sentence(s) if x.span[1] <= start and x.kind == "change"), None)
                    cut = _CLAUSE_CUT.search(text, end, min(e, end + 120))
                    late = _DE_LATE_END.search(text, end, cut.end() if cut else min(e, end + 120) + 1)
                    if late is not None:
                        fdir = "down" if late["down"] else "up"
                    elif _DE_DOWN_LATE.search(tail):
                        fdir = "down"
                    elif prev is not None and prev.kind == "change" and prev.unit == "pct" and prev.direction and \
                            not _OTHER_CHANGE.search(text, prev.span[1], start) and "," in text[prev.span[1]:start]:
                        fdir = prev.direction            # "… sanken um 19,2 % auf …, die Ausfuhren um 8,8 % auf …"
                    else:
                        fdir = "up"
                if fdir is None and not (cb or ca or cn) and _ON_BEFORE.search(pre):
                    mm = _MORE_AFTER.match(post)        # "на 9,4% більше", "um 5 Prozent weniger"
                    fdir = ("down" if mm.group(1).lower().startswith(("мен", "wen", "low", "less", "nied", "ниж", "нижч"))
                            else "up") if mm else None
                if fdir is None and not (cb or ca or cn):
                    rv = _RU_VERB_DIRECT.search(pre)
                    ag = None if rv else _AGAINST_AFTER.match(post)
                    if rv:                              # "прибавили 32,6%"
                        fdir = "down" if _OTHER_DOWN.match(rv["w"]) else "up"
                    elif ag:                            # "12,6 % unter dem Vorjahresmonat"
                        fdir = "down" if ag["d"].lower() in ("unter", "below") else "up"
                if fdir is None and not (cb or ca or cn) and _IE_BY.search(pre):
                    fdir = "down" if _VDOWN.search(text, s, start) else "up"
                sign = _SIGN_BEFORE.search(pre)
                if fdir or (sign and not (cb or ca or cn)):
                    kind, direction = "change", fdir or ("down" if sign.group(1)[0] in "-−–мm" or
                                                         sign.group(1)[:1].lower() in "мm" else "up")
                    if direction == "down" and value > 0:
                        value, lo, hi = -value, -hi, -lo
                    if sign and not text[start - 1:start].isspace() and text[start - 1:start] in "+-−–":
                        start -= 1
                elif INDEX_AFTER.search(post) and not cb:
                    kind, direction = "change", ("up" if value >= 100 else "down")
                    value, lo, hi = value - 100, lo - 100, hi - 100
                elif cb or ca or cn:
                    word = (cb or ca or cn).group("verb" if cb else "noun") if (cb or ca or not cn["dnoun"]) else \
                        cn["dnoun"]
                    word = word.lower()
                    if word.startswith(("rückg", "einbr", "minus")):
                        word = "decline"
                    if word in ("more", "less", "higher", "lower") and not (ca and re.match(
                            r"\s*(?:more|less|higher|lower)\s+than", post)):
                        word = word
                    kind, direction = "change", ("down" if word in DOWN_WORDS else "up")
                    if direction == "down" and value > 0:
                        value, lo, hi = -value, -hi, -lo
                elif SHARE_BEFORE.search(pre) or SHARE_AFTER.search(post) or _SHARE_WORD.search(text, s, start):
                    kind = "share"
                else:
                    prev = self._previous(s, start)
                    pch = next((x for x in self._in_sentence(s) if x.span[1] <= start and x.kind == "change"
                                and x.unit == unit), None)
                    if (prev is not None and prev.kind == "change" and prev.unit == unit
                            and LIST_AFTER_PCT.fullmatch(text, prev.span[1], start)):
                        kind, direction = "change", prev.direction
                        if direction == "down" and value > 0:
                            value, lo, hi = -value, -hi, -lo
                    elif pch is not None and pch.direction and (
                            (pch is prev and _LIST_WITH_PERIOD.fullmatch(text, pch.span[1], start)) or
                            (_ELIDED_BEFORE.search(pre) and not _OTHER_CHANGE.search(text, pch.span[1], start)
                             and not CHANGE_BEFORE.search(text, pch.span[1], start))):
                        # "fell 2.2% in 2012, 10.7% in 2013 and 4.6% in …", "импорт — около 18%", "імпорт — на
                        # 13,2%": the verb of the change before is understood
                        kind, direction = "change", pch.direction
                        if direction == "down" and value > 0:
                            value, lo, hi = -value, -hi, -lo
                if was_range and kind == "change":     # "рост на 5–8%": a range of changes stays a range
                    kind = "range"
            elif m["fold"]:
                fold = m["fold"].strip().lower()
                if fold == "times" and not _TIMES_CONTEXT.search(pre[-50:] + " " + post[:30]) and not \
                        _TIMES_OBJECT.match(post):
                    continue                        # "visited 3 times": not a multiplier
                cb = CHANGE_BEFORE.search(pre) or CHANGE_AFTER.search(post)
                near = pre[-30:]
                ups = [x.end() for x in _FOLD_UP.finditer(near)]
                downs = [x.end() for x in _FOLD_DOWN.finditer(near)]
                if ups or downs:
                    down = max(downs, default=-1) > max(ups, default=-1)
                else:
                    down = bool(cb and cb.group(0).split()[0].lower() in DOWN_WORDS) or bool(
                        _FOLD_DOWN.search(post[:30]))
                kind, unit, direction = "change", "pct", ("down" if down else "up")
                f_lo, f_hi = lo, hi
                if down:
                    value, lo, hi = (1 / value - 1) * 100, (1 / f_hi - 1) * 100, (1 / f_lo - 1) * 100  # 1/x reverses order
                else:
                    value, lo, hi = (value - 1) * 100, (f_lo - 1) * 100, (f_hi - 1) * 100
            elif cur and kind == "level":                   # money: a change when a change verb leads to it
                cb = CHANGE_BEFORE.search(pre)
                prev = self._previous(s, start) if cb is None else None
                op = _OR_PCT_AFTER.match(post) if cb is None else None
                if cb is not None:
                    direction = "down" if cb.group("verb").lower() in DOWN_WORDS else "up"
                elif (prev is not None and prev.kind == "change" and prev.direction and prev.unit in ("pct", "pp")
                        and _OR_AFTER_CHANGE.fullmatch(text, prev.span[1], start)):
                    direction = prev.direction               # "up 4.1%, or €310 million"
                elif op is not None:
                    direction = "down" if op["d"].lower() in ("less", "lower", "down", "weniger", "меньше",
                                                              "менше") else "up"
                if direction is not None:
                    kind = "change"
                    if direction == "down" and value > 0:
                        value, lo, hi = -value, -hi, -lo
            elif not cur:
                if scale_txt:
                    u, _, _ = _unit_after(text, end, min(e, end + 60))
                    unit = u if u in COUNT_UNITS else None
                    kind = "count" if unit and kind == "level" else kind
                    if unit is None and mult >= 1e6 and _BARE_SCALE_END.match(text, end) and \
                            not _COUNTISH.search(text, s, start):
                        # "… 0,36 Mrd. nach Russland", "импорт — 4,3 млрд": the currency of the money just before
                        prev_money = next((x for x in self._recent(start - 400) if _money(x)), None)
                        if prev_money is not None:
                            unit = prev_money.unit
                else:
                    u, uend, phrase = _unit_after(text, end, min(e, end + 60))
                    if u == "PERIOD":
                        continue
                    if kind == "level":
                        kind = "count"
                    unit = u
                    if unit in MORE_WORDS:
                        prev = self._previous(s, start)
                        unit = prev.unit if prev is not None and prev.unit in COUNT_UNITS else None
                    elif unit is None and _partitive_unit(text, end, e):
                        unit = _partitive_unit(text, end, e)
                    elif unit is None and FROM_TO_BEFORE.search(pre):
                        nouns = [COUNT_NOUNS[x.lower()] for x in re.findall(r"[A-Za-z]+", text[s:start])
                                 if x.lower() in COUNT_NOUNS]
                        unit = nouns[-1] if nouns else None
            consumed = end
            claim = self._new(text=text[start:end], span=(start, end), kind=kind, value=value, low=lo, high=hi,
                              unit=unit, hedge=hedge, direction=direction, number_text=num, scale_text=scale_txt,
                              sentence=(s, e))
            if kind in ("count", "range") and not cur:
                claim.subject = _unit_after(text, end, e)[2] or unit
                lm = _SCOPE_LIST.match(text[end:e])
                if lm and not re.search(r"(?<![\w-])\d", lm["rest"]):
                    claim.ambiguous_scope = lm["rest"].strip(" ,")

    # ------------------------------------------------------------------ number words
    def _words(self, s: int, e: int) -> None:
        text = self.text
        for m in WORDNUM_RE.finditer(text, s, e):
            w = m["word"].lower()
            after = m["after"]
            u, _, phrase = _unit_after(text, m.end("word"), min(e, m.end("word") + 60))
            if u is None:
                u = _partitive_unit(text, m.end("word"), e)
            if u == "PERIOD":
                continue
            elliptic = False
            if u is None and not m["verb"] and ELLIPSIS_BEFORE.search(text, s, m.start("word")):
                # "refrained from any attacks …, apart from one on …": the noun is earlier in the sentence
                nouns = [COUNT_NOUNS[x.lower()] for x in re.findall(r"[A-Za-z]+", text[s:m.start("word")])
                         if x.lower() in COUNT_NOUNS]
                u, elliptic = (nouns[-1], True) if nouns else (None, False)
            if not m["verb"] and u not in COUNT_UNITS:
                continue
            if w == "one" and not (m["verb"] or elliptic) and not re.match(r"\s+(?:attack|strike|incident)", after):
                continue
            if m["verb"] and u is None:
                back = text[s:m.start("word")]
                nouns = [COUNT_NOUNS[x.lower()] for x in re.findall(r"[A-Za-z]+", back) if x.lower() in COUNT_NOUNS]
                u = nouns[-1] if nouns else None
            start = m.start("hedge") if m["hedge"] else m.start("word")
            end = m.end("word")
            if u in set(COUNT_NOUNS.values()) and not m["verb"]:
                end = m.end("word") + len(re.match(r"\s+" + re.escape(phrase), text[end:]).group(0)) \
                    if phrase and re.match(r"\s+" + re.escape(phrase), text[end:]) else end
            v = float(NUMBER_WORDS[w])
            hedge = m["hedge"].lower() if m["hedge"] else None
            lo, hi = interval(v, 0.0, hedge)
            c = self._new(text=text[start:end], span=(start, end), kind="count", value=v, low=lo, high=hi, unit=u,
                          hedge=hedge, number_text=m["word"], sentence=(s, e))
            c.subject = (_unit_after(text, m.end("word"), e)[2] or u) if not m["verb"] else _np_before(text, s, m.start())

    def _fractions(self, s: int, e: int) -> None:
        taken = []
        for m in SHARE_FRACTION_RE.finditer(self.text, s, e):
            f = FRACTION_WORDS.get(re.sub(r"^ein(?:em|en|es)\s", "ein ", m["frac"].lower()))
            pre = self.text[max(s, m.start() - 25):m.start()].lower()
            if f is None or re.search(r"(?:\bby|\bum|\bна|\bon|\bin)\s+$", pre) or (
                    f == 0.5 and m["frac"].lower() == "half" and not re.match(r"\s+of\b", self.text[m.end():])):
                continue
            if not re.match(r"\s+(?:of|went|was|were|came|is|are|der|des|von|ging|gingen|entf|[\w\u0400-\u04ff])",
                            self.text[m.end():m.end() + 3], re.I) and not re.search(
                                r"(?:\bfor|\bfür|(?<![\w\u0400-\u04ff])на)\s+(?:(?:" + HEDGE_RE + r")\s+)?$", pre, re.I):
                continue                             # "… and iron ore for about a fifth": only after "for"
            v = round(100 * f, 3)
            hm = HEDGE_BEFORE.search(self.text, max(s, m.start() - 40), m.start())
            hedge = hm["hedge"].lower() if hm else None
            lo, hi = interval(v, 0.5, hedge)
            start = hm.start() if hm else m.start()
            self._new(text=self.text[start:m.end()], span=(start, m.end()), kind="share", value=v,
                      low=lo, high=hi, unit="pct", hedge=hedge, number_text=m["frac"], sentence=(s, e))
            taken.append((m.start(), m.end()))
        for m in FRACTION_RE.finditer(self.text, s, e):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if m["mult"]:
                w = m["mult"].lower()
                v = {"doubled": 100.0, "tripled": 200.0, "trebled": 200.0, "quadrupled": 300.0, "halved": -50.0}[w]
                start, end, hedge = m.start("mult"), m.end("mult"), None
                hm = HEDGE_BEFORE.search(self.text, max(s, start - 40), start)    # "more than doubled"
                if hm is not None and HEDGES[hm["hedge"].lower()][0] in ("min", "max", "above", "below"):
                    start, hedge = hm.start(), hm["hedge"].lower()
            else:
                f = FRACTION_WORDS[m["frac"].lower()]
                down = m["verb"].lower() in DOWN_WORDS
                v = -100 * f if down else 100 * f
                start, end = m.start("hedge") if m["hedge"] else m.start("frac"), m.end("frac")
                hedge = m["hedge"].lower() if m["hedge"] else None
            lo, hi = interval(v, 0.5, hedge)
            if hedge and HEDGES[hedge][0] in ("below", "min") and v < 0:
                lo, hi = interval(v, 0.5, None)[0] - abs(v) * 0.05 if HEDGES[hedge][0] == "min" else v, \
                    interval(v, 0.5, None)[1] + abs(v) * 0.03 if HEDGES[hedge][0] == "below" else hi
            self._new(text=self.text[start:end], span=(start, end), kind="change", value=v, low=lo, high=hi,
                      unit="pct", hedge=hedge, direction="down" if v < 0 else "up", number_text=self.text[start:end],
                      sentence=(s, e))

    def _verbal(self, s: int, e: int, first: int) -> None:
        """Verbal multipliers and fractions (see VERBAL_RE): a change stored in percent, marked as a ratio; a
        genitive fraction ("более трети") is a share."""
        taken = [c.span for c in self.claims[first:]]           # this sentence's claims only (stays linear)
        for m in VERBAL_RE.finditer(self.text, s, e):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = next(k for k in ("fold", "dbl", "fache", "mal", "times", "de", "ru", "of", "byf", "gen", "less") if m[k])
            hk = next((k for k in ("hedge", "hedge2", "hedge3", "hedge4", "hedge5", "hedge6", "hedge7", "hedge8",
                                   "hedge9", "hedge10") if m[k]), None)
            hedge = m[hk].lower() if hk else None
            word = m[g].lower()
            pre = self.text[max(s, m.start() - 60):m.start()]
            post = self.text[m.end():min(e, m.end() + 40)]
            down = bool(_VDOWN.search(pre[-40:]) or _VDOWN.match(post.strip()))
            start = m.start(hk) if hk else (m.start() if g == "fache" else m.start(g))
            ratio = False
            if g == "gen":
                kind, v = "share", 100 * _BY_FRAC[word]
            elif g == "less":                        # "ein Drittel weniger als", "на треть меньше"
                less = re.match(r"\s*(?:weniger|less|fewer|lower|меньше|менше|niedriger)", m.group("lw") or "", re.I)
                kind, v = "change", 100 * _BY_FRAC[word] * (-1 if less else 1)
            elif g == "byf":
                kind, v = "change", 100 * _BY_FRAC[word] * (-1 if down else 1)
            else:
                f = float(_FOLD_N[word] if word in _FOLD_N else next(n for st, n in _VERB_FOLD if word.startswith(st)))
                if g == "ru" and down:
                    f = 1 / f                        # "скоротився вчетверо": a quarter of the old level
                kind, v, ratio = "change", (f - 1) * 100, True
            if g == "of" and hedge is None:
                pass
            lo, hi = interval(v, 0.5, hedge)
            c = self._new(text=self.text[start:m.end()], span=(start, m.end()), kind=kind, value=v, low=lo, high=hi,
                          unit="pct", hedge=hedge, direction=None if kind == "share" else ("down" if v < 0 else "up"),
                          number_text=m[g], sentence=(s, e))
            if ratio:
                c.__dict__["ratio"] = True
            taken.append(c.span)
