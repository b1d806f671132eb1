"""The run splitter on the digit runs of the seven crawled Pingtan reports.

The strings are the runs as the crawler flattened them; the expected values are the corpus's
hand-checked cells. 表三 and 表四 must come out unique and exact from the identities alone;
where 表二 stays ambiguous, every candidate the corpus lists must be reported, and the chosen
value is the one the archived page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal as D
from pathlib import Path

import attrs
import pytest

from govinfo_report.api import report_from_layout
from govinfo_report.formats.identities import Identity, identities
from govinfo_report.formats.official import FORMAT_2019, FORMAT_2021
from govinfo_report.formats.spec import FormatSpec, Kind
from govinfo_report.readers.text import parse_text
from govinfo_report.recognize.runs import SEVERAL_SPLITS
from govinfo_report.recognize.splitting import STOPPED, TIE_BREAK, Fact, Run, SplitResult, solve, split_run

Number = int | D
PINGTAN_2024 = Path(__file__).parent / "fixtures" / "corpus" / "raw" / "pingtan" / "pingtan-2024.txt"


@attrs.frozen
class Case:
    t2: dict[str, tuple[str, tuple[Number, ...]]]
    t3: dict[str, tuple[str, tuple[int, ...]]]
    t4: tuple[str, tuple[int, ...]]
    ambiguous: dict[str, Sequence[float]]


PINGTAN: dict[int, Case] = {
    2019: Case(
        t2={
            "regulations": ("000", (0, 0, 0,)),
            "normative_documents": ("898989", (89, 89, 89,)),
            "licensing": ("3960181", (396, 0, 181,)),
            "other_services": ("100153", (10, 0, 153,)),
            "penalty": ("26480430", (2648, 0, 430,)),
            "coercion": ("126025", (126, 0, 25,)),
            "fees": ("350", (35, 0,)),
            "procurement": ("13575394432.52元", (135, D("7539.443252"),)),
        },
        t3={
            "new_received": ("230 000023", (23, 0, 0, 0, 0, 0, 23)),
            "carried_over": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "granted": ("7000007", (7, 0, 0, 0, 0, 0, 7)),
            "partially_granted": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "withheld.state_secret": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.prohibited_by_law": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.security_stability": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.third_party": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.internal_affairs": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.process_info": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.enforcement_file": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.inquiry": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "unavailable.not_held": ("7000007", (7, 0, 0, 0, 0, 0, 7)),
            "unavailable.needs_creation": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "unavailable.unclear": ("5000005", (5, 0, 0, 0, 0, 0, 5)),
            "not_processed.complaint": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.repeated": ("3000003", (3, 0, 0, 0, 0, 0, 3)),
            "not_processed.publication": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.excessive": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.reconfirm": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.total": ("0 0 0 0 0 00", (0, 0, 0, 0, 0, 0, 0)),
            "total": ("23 0 00 0 023", (23, 0, 0, 0, 0, 0, 23)),
            "carried_forward": ("0 0 00 00 0", (0, 0, 0, 0, 0, 0, 0)),
        },
        t4=("000000000000000", (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
        ambiguous={
            "t2.normative_documents.made": [89, 898],
            "t2.normative_documents.published": [89, 9],
            "t2.coercion.previous": [126, 1260],
            "t2.coercion.change": [0, 2],
            "t2.coercion.decisions": [25, 5],
            "t2.procurement.items": (
                135, 1, 13, 1357, 13575, 135753, 1357539, 13575394, 135753944, 1357539443,
            ),
            "t2.procurement.amount": (
                7539.443252, 357539.443252, 57539.443252, 539.443252, 39.443252, 9.443252, 0.443252,
                0.043252, 0.003252, 0.000252,
            ),
        },
    ),
    2020: Case(
        t2={
            "regulations": ("007", (0, 0, 7,)),
            "normative_documents": ("7777166", (77, 77, 166,)),
            "licensing": ("396442278", (396, 442, 278,)),
            "other_services": ("107105", (10, 7, 105,)),
            "penalty": ("2648-18538", (2648, -18, 538,)),
            "coercion": ("1262629", (126, 26, 29,)),
            "fees": ("35-15", (35, -15,)),
            "procurement": ("39573802895.90元", (395, D("7380.28959"),)),
        },
        t3={
            "new_received": ("200 000121", (20, 0, 0, 0, 0, 1, 21)),
            "carried_over": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "granted": ("6000017", (6, 0, 0, 0, 0, 1, 7)),
            "partially_granted": ("6000006", (6, 0, 0, 0, 0, 0, 6)),
            "withheld.state_secret": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.prohibited_by_law": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.security_stability": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.third_party": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.internal_affairs": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.process_info": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.enforcement_file": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.inquiry": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "unavailable.not_held": ("4000004", (4, 0, 0, 0, 0, 0, 4)),
            "unavailable.needs_creation": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "unavailable.unclear": ("3000003", (3, 0, 0, 0, 0, 0, 3)),
            "not_processed.complaint": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.repeated": ("3000003", (3, 0, 0, 0, 0, 0, 3)),
            "not_processed.publication": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.excessive": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.reconfirm": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.total": ("4 0 0 0 0 0 4", (4, 0, 0, 0, 0, 0, 4)),
            "total": ("20 0 00 0 121", (20, 0, 0, 0, 0, 1, 21)),
            "carried_forward": ("0 0 00 00 0", (0, 0, 0, 0, 0, 0, 0)),
        },
        t4=("000000000000000", (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
        ambiguous={
            "t2.licensing.change": [442, 4, 44, 4422, 44227],
            "t2.licensing.decisions": [278, 42278, 2278, 78, 8],
            "t2.other_services.change": [7, 710],
            "t2.other_services.decisions": [105, 5],
            "t2.penalty.change": [-18, -1, -185, -1853],
            "t2.penalty.decisions": [538, 8538, 38, 8],
            "t2.coercion.previous": [126, 1262],
            "t2.coercion.change": [26, 2, 262, 6, 62],
            "t2.coercion.decisions": [29, 629, 9],
            "t2.procurement.items": [395, 3, 39, 3957, 39573, 3957380, 39573802, 395738028, 3957380289],
            "t2.procurement.amount": (
                7380.28959, 957380.28959, 57380.28959, 380.28959, 80.28959, 0.28959, 0.08959, 0.00959,
                0.00059,
            ),
        },
    ),
    2021: Case(
        t2={
            "regulations": ("000", (0, 0, 0,)),
            "normative_documents": ("693665", (69, 3, 665,)),
            "licensing": ("2293", (2293,)),
            "penalty": ("1282", (1282,)),
            "coercion": ("42", (42,)),
            "fees": ("24252.311082", (D("24252.311082"),)),
        },
        t3={
            "new_received": ("640020470", (64, 0, 0, 2, 0, 4, 70)),
            "carried_over": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "granted": ("270020130", (27, 0, 0, 2, 0, 1, 30)),
            "partially_granted": ("500000 5", (5, 0, 0, 0, 0, 0, 5)),
            "withheld.state_secret": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.prohibited_by_law": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.security_stability": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.third_party": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.internal_affairs": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "withheld.process_info": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.enforcement_file": ("6000006", (6, 0, 0, 0, 0, 0, 6)),
            "withheld.inquiry": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "unavailable.not_held": ("220000325", (22, 0, 0, 0, 0, 3, 25)),
            "unavailable.needs_creation": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "unavailable.unclear": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.complaint": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.repeated": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.publication": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.excessive": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.reconfirm": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.no_correction": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.unpaid_fee": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.other": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "total": ("630020469", (63, 0, 0, 2, 0, 4, 69)),
            "carried_forward": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
        },
        t4=("10203120001200000", (1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0)),
        ambiguous={
            "t2.normative_documents.issued": [69, 6],
            "t2.normative_documents.repealed": [3, 93],
        },
    ),
    2022: Case(
        t2={
            "regulations": ("000", (0, 0, 0,)),
            "normative_documents": ("8855698", (88, 55, 698,)),
            "licensing": ("10690", (10690,)),
            "penalty": ("2113", (2113,)),
            "coercion": ("0", (0,)),
            "fees": ("9116.36", (D("9116.36"),)),
        },
        t3={
            "new_received": ("713000074", (71, 3, 0, 0, 0, 0, 74)),
            "carried_over": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "granted": ("210000021", (21, 0, 0, 0, 0, 0, 21)),
            "partially_granted": ("8100009", (8, 1, 0, 0, 0, 0, 9)),
            "withheld.state_secret": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.prohibited_by_law": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.security_stability": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.third_party": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.internal_affairs": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "withheld.process_info": ("2000002", (2, 0, 0, 0, 0, 0, 2)),
            "withheld.enforcement_file": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "withheld.inquiry": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "unavailable.not_held": ("370000037", (37, 0, 0, 0, 0, 0, 37)),
            "unavailable.needs_creation": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "unavailable.unclear": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.complaint": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.repeated": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.publication": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.excessive": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.reconfirm": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.no_correction": ("2000002", (2, 0, 0, 0, 0, 0, 2)),
            "other.unpaid_fee": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.other": ("0200002", (0, 2, 0, 0, 0, 0, 2)),
            "total": ("723000075", (72, 3, 0, 0, 0, 0, 75)),
            "carried_forward": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
        },
        t4=("0 1 1 0 2 1 0 0 0 1 0 0 0 0 0", (0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0)),
        ambiguous={},
    ),
    2023: Case(
        t2={
            "regulations": ("000", (0, 0, 0,)),
            "normative_documents": ("77132470", (77, 132, 470,)),
            "licensing": ("2629", (2629,)),
            "penalty": ("1330", (1330,)),
            "coercion": ("54", (54,)),
            "fees": ("5949.088667", (D("5949.088667"),)),
        },
        t3={
            "new_received": ("801000081", (80, 1, 0, 0, 0, 0, 81)),
            "carried_over": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "granted": ("220000022", (22, 0, 0, 0, 0, 0, 22)),
            "partially_granted": ("191000020", (19, 1, 0, 0, 0, 0, 20)),
            "withheld.state_secret": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.prohibited_by_law": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.security_stability": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.third_party": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "withheld.internal_affairs": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.process_info": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "withheld.enforcement_file": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "withheld.inquiry": ("2000002", (2, 0, 0, 0, 0, 0, 2)),
            "unavailable.not_held": ("310000031", (31, 0, 0, 0, 0, 0, 31)),
            "unavailable.needs_creation": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "unavailable.unclear": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.complaint": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.repeated": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "not_processed.publication": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.excessive": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.reconfirm": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.no_correction": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "other.unpaid_fee": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.other": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "total": ("801000081", (80, 1, 0, 0, 0, 0, 81)),
            "carried_forward": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
        },
        t4=("110024001510102", (1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2)),
        ambiguous={
            "t2.normative_documents.repealed": [132, 1, 13, 1324, 13247],
            "t2.normative_documents.in_force": [470, 32470, 2470, 70, 0],
        },
    ),
    2024: Case(
        t2={
            "regulations": ("000", (0, 0, 0,)),
            "normative_documents": ("6233440", (62, 33, 440,)),
            "licensing": ("4529", (4529,)),
            "penalty": ("1100", (1100,)),
            "coercion": ("65", (65,)),
            "fees": ("18651.06", (D("18651.06"),)),
        },
        t3={
            "new_received": ("21710000218", (217, 1, 0, 0, 0, 0, 218)),
            "carried_over": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "granted": ("710000071", (71, 0, 0, 0, 0, 0, 71)),
            "partially_granted": ("290000029", (29, 0, 0, 0, 0, 0, 29)),
            "withheld.state_secret": ("4000004", (4, 0, 0, 0, 0, 0, 4)),
            "withheld.prohibited_by_law": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.security_stability": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.third_party": ("3000003", (3, 0, 0, 0, 0, 0, 3)),
            "withheld.internal_affairs": ("320000032", (32, 0, 0, 0, 0, 0, 32)),
            "withheld.process_info": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.enforcement_file": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.inquiry": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "unavailable.not_held": ("750000075", (75, 0, 0, 0, 0, 0, 75)),
            "unavailable.needs_creation": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "unavailable.unclear": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.complaint": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.repeated": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "not_processed.publication": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.excessive": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.reconfirm": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.no_correction": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "other.unpaid_fee": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.other": ("1100002", (1, 1, 0, 0, 0, 0, 2)),
            "total": ("21710000218", (217, 1, 0, 0, 0, 0, 218)),
            "carried_forward": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
        },
        t4=("21317000001324019", (2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19)),
        ambiguous={
            "t2.normative_documents.repealed": [33, 3, 334, 3344],
            "t2.normative_documents.in_force": [440, 3440, 40, 0],
        },
    ),
    2025: Case(
        t2={
            "regulations": ("000", (0, 0, 0,)),
            "normative_documents": ("5845546", (58, 45, 546,)),
            "licensing": ("2418", (2418,)),
            "penalty": ("644", (644,)),
            "coercion": ("64", (64,)),
            "fees": ("4166.241619", (D("4166.241619"),)),
        },
        t3={
            "new_received": ("15130000154", (151, 3, 0, 0, 0, 0, 154)),
            "carried_over": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "granted": ("330000033", (33, 0, 0, 0, 0, 0, 33)),
            "partially_granted": ("380000038", (38, 0, 0, 0, 0, 0, 38)),
            "withheld.state_secret": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.prohibited_by_law": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.security_stability": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.third_party": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "withheld.internal_affairs": ("3000003", (3, 0, 0, 0, 0, 0, 3)),
            "withheld.process_info": ("2000002", (2, 0, 0, 0, 0, 0, 2)),
            "withheld.enforcement_file": ("3000003", (3, 0, 0, 0, 0, 0, 3)),
            "withheld.inquiry": ("3000003", (3, 0, 0, 0, 0, 0, 3)),
            "unavailable.not_held": ("491000050", (49, 1, 0, 0, 0, 0, 50)),
            "unavailable.needs_creation": ("3000003", (3, 0, 0, 0, 0, 0, 3)),
            "unavailable.unclear": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.complaint": ("2000002", (2, 0, 0, 0, 0, 0, 2)),
            "not_processed.repeated": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.publication": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.excessive": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "not_processed.reconfirm": ("0000000", (0, 0, 0, 0, 0, 0, 0)),
            "other.no_correction": ("8000008", (8, 0, 0, 0, 0, 0, 8)),
            "other.unpaid_fee": ("2000002", (2, 0, 0, 0, 0, 0, 2)),
            "other.other": ("1000001", (1, 0, 0, 0, 0, 0, 1)),
            "total": ("14710000148", (147, 1, 0, 0, 0, 0, 148)),
            "carried_forward": ("4200006", (4, 2, 0, 0, 0, 0, 6)),
        },
        t4=("25380363300630003", (25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3)),
        ambiguous={
            "t2.normative_documents.issued": [58, 5, 584, 5845, 58455],
            "t2.normative_documents.repealed": [45, 8, 84, 845, 8455, 84554, 4, 455, 4554, 5, 55, 554, 54],
            "t2.normative_documents.in_force": [546, 45546, 5546, 46, 6],
        },
    ),
}


# What the prose and the neighbouring years state (see the corpus notes of each year).
FACTS: dict[int, tuple[Fact, ...]] = {
    2019: (
        Fact(("t2.normative_documents.total_public",), frozenset({89}), "2020: 总数量 166 − 新公开 77"),
        *(Fact((f"t2.{row}.previous", f"t2.{row}.change"), frozenset(values), "2020: 上一年项目数量")
          for row, values in (("licensing", {396}), ("other_services", {10}), ("penalty", {2648}),
                              ("coercion", {126, 1262}), ("fees", {35}))),
    ),
    2020: (
        *(Fact((f"t2.{row}.previous",), frozenset(values), "2019: 上一年项目数量 + 本年增/减")
          for row, values in (("licensing", {396}), ("other_services", {10}), ("penalty", {2648}),
                              ("coercion", {126, 1262}), ("fees", {35}))),
        Fact(("t3.new_received.total",), frozenset({21}), "prose: 共受理政府信息公开申请21件"),
    ),
    2021: (Fact(("t2.normative_documents.in_force",), frozenset({665}), "2022: 698 − 88 + 55"),),
    2022: (
        Fact(("t2.normative_documents.in_force",), frozenset({698}), "prose: 现行有效行政规范性文件698件"),
        Fact(("t2.normative_documents.issued",), frozenset({88}), "prose: 制发的规范性文件88件"),
    ),
    2023: (Fact(("t2.normative_documents.issued",), frozenset({77}), "prose: 制发的规范性文件77件"),),
    2024: (Fact(("t2.normative_documents.issued",), frozenset({62}), "prose: 制发行政规范性文件62件"),),
    2025: (),
}


def _spec(year: int) -> FormatSpec:
    return FORMAT_2019 if year < 2021 else FORMAT_2021


def _runs(year: int) -> tuple[list[Run], dict[str, Number]]:
    """The runs of one report, as the recognizer hands them over, and the true cells."""
    spec, case = _spec(year), PINGTAN[year]
    runs: list[Run] = []
    truth: dict[str, Number] = {}
    for block in spec.t2.blocks:
        for row in block.rows:
            text, values = case.t2[row.key]
            keys = tuple(f"t2.{row.key}.{c.key}" for c in block.columns)
            runs.append(Run(keys, text, tuple(c.kind for c in block.columns)))
            truth.update(zip(keys, values, strict=True))
    for t3_row in spec.t3.rows:
        text, ints = case.t3[t3_row.key]
        keys = tuple(f"t3.{t3_row.key}.{c.key}" for c in spec.t3.columns)
        runs.append(Run(keys, text, tuple(c.kind for c in spec.t3.columns)))
        truth.update(zip(keys, ints, strict=True))
    t4_keys = tuple(k for k, _, _ in spec.t4.keys())
    runs.append(Run(t4_keys, case.t4[0], (Kind.COUNT,) * len(t4_keys)))
    truth.update(zip(t4_keys, case.t4[1], strict=True))
    return runs, truth


def _solve(year: int) -> SplitResult:
    runs, _ = _runs(year)
    return solve(runs, {}, identities(_spec(year)), FACTS[year])


YEARS = sorted(PINGTAN)


@pytest.mark.parametrize("year", YEARS)
def test_tables_three_and_four_are_unique_and_exact(year: int) -> None:
    result = _solve(year)
    _, truth = _runs(year)
    for key, value in truth.items():
        if key.startswith(("t3.", "t4.")):
            assert result.values[key] == value, key
            assert key not in result.alternatives, key


@pytest.mark.parametrize("year", YEARS)
def test_table_two_ambiguity_is_reported_in_full(year: int) -> None:
    result = _solve(year)
    for key, candidates in PINGTAN[year].ambiguous.items():
        reported = {D(str(v)) for v in result.alternatives[key]}
        assert {D(str(v)) for v in candidates} <= reported, key
        assert D(str(result.values[key])) in reported
        assert D(str(result.alternatives[key][0])) == D(str(result.values[key]))
    if PINGTAN[year].ambiguous:
        assert not result.unique()
        assert TIE_BREAK in result.decided_by


@pytest.mark.parametrize("year", YEARS)
def test_tie_break_reproduces_the_archived_page(year: int) -> None:
    """Every value, including the ambiguous 表二 ones, equals what page.html shows."""
    result = _solve(year)
    _, truth = _runs(year)
    wrong = {k: (result.values[k], v) for k, v in truth.items() if result.values[k] != v}
    assert wrong == {}


@pytest.mark.parametrize("year", [2022])
def test_a_fully_decided_report_is_unique(year: int) -> None:
    result = _solve(year)
    assert result.unique()
    assert result.solutions == 1
    assert result.alternatives == {}


def test_the_inconsistent_2020_table_still_yields_its_cells() -> None:
    result = _solve(2020)
    assert result.values["t3.total.natural_person"] == 20
    assert result.values["t3.total.total"] == 21
    relaxed = [d for d in result.decided_by if d.startswith("relaxed")]
    assert len(relaxed) == 1
    assert "t3-column-total" in relaxed[0]


def test_unique_splits_of_the_2024_report() -> None:
    result = _solve(2024)
    assert [result.values[f"t3.new_received.{c.key}"] for c in FORMAT_2021.t3.columns] == [
        217, 1, 0, 0, 0, 0, 218]
    assert [result.values[k] for k, _, _ in FORMAT_2021.t4.keys()] == [
        2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]
    assert "t3-row-sum" in result.decided_by
    assert "t4-group-total" in result.decided_by
    assert "prose: 制发行政规范性文件62件" in result.decided_by


@pytest.mark.parametrize("year", YEARS)
def test_a_whole_report_solves_within_a_small_search(year: int) -> None:
    """The identities prune a whole report's runs so hard that a few thousand steps suffice."""
    runs, _ = _runs(year)
    bounded = solve(runs, {}, identities(_spec(year)), FACTS[year], limit=3_000)
    assert not any(d.startswith(STOPPED) for d in bounded.decided_by)
    assert bounded.values == solve(runs, {}, identities(_spec(year)), FACTS[year]).values


# -- split_run ------------------------------------------------------------------------------------


def _run(text: str, *kinds: Kind) -> Run:
    return Run(tuple(f"k{i}" for i in range(len(kinds))), text, kinds)


def test_split_run_respects_leading_zeros() -> None:
    assert split_run(_run("100", Kind.COUNT, Kind.COUNT)) == [(10, 0)]
    assert split_run(_run("007", Kind.COUNT, Kind.COUNT, Kind.COUNT)) == [(0, 0, 7)]


def test_split_run_treats_spaces_as_certain_boundaries() -> None:
    splits = split_run(_run("20 0 00 0 121", *(Kind.COUNT,) * 7))
    assert (20, 0, 0, 0, 0, 1, 21) in splits
    assert not any(200 in s or 1210 in s for s in splits)
    assert split_run(_run("1 2", Kind.COUNT)) == []


def test_split_run_reads_signed_changes() -> None:
    splits = split_run(_run("2648-18538", Kind.COUNT, Kind.SIGNED, Kind.COUNT))
    assert (2648, -18, 538) in splits
    assert all(s[1] < 0 for s in splits)
    assert split_run(_run("5-0", Kind.COUNT, Kind.SIGNED)) == []
    assert split_run(_run("-5", Kind.COUNT, Kind.COUNT)) == []


def test_split_run_a_plus_sign_starts_the_signed_cell() -> None:
    items = (Kind.COUNT, Kind.SIGNED, Kind.COUNT)
    assert split_run(_run("0+11", *items)) == [(0, 1, 1)]
    assert split_run(_run("0＋11", *items)) == [(0, 1, 1)]
    assert split_run(_run("3+12", *items)) == [(3, 1, 2)]
    assert split_run(_run("1+1", Kind.COUNT, Kind.COUNT)) == []  # only a signed cell takes a sign
    assert split_run(_run("5+0", Kind.COUNT, Kind.SIGNED)) == []


def test_split_run_converts_yuan_to_wan() -> None:
    splits = split_run(_run("13575394432.52元", Kind.COUNT, Kind.MONEY))
    assert (135, D("7539.443252")) in splits
    assert len(splits) == 10
    assert split_run(_run("18651.06", Kind.MONEY)) == [(D("18651.06"),)]
    assert split_run(_run("18651.06", Kind.COUNT, Kind.COUNT)) == []
    assert split_run(_run("12元", Kind.COUNT, Kind.COUNT)) == []


def test_split_run_caps_enumeration() -> None:
    long = _run("1" * 40, *(Kind.COUNT,) * 15)
    assert len(split_run(long, limit=1000)) == 1000


def test_long_runs_do_not_blow_up() -> None:
    """A 15-cell 表四 run of 30 digits has ~77 million splits; the group sums prune them."""
    keys = tuple(k for k, _, _ in FORMAT_2021.t4.keys())
    run = Run(keys, "1234567891234567891023456789101", (Kind.COUNT,) * 15)
    result = solve([run], {}, identities(FORMAT_2021), limit=5000)
    assert result.solutions <= 5000


def test_a_run_the_bounded_search_cannot_split_is_left_undecided() -> None:
    """Past the step limit no split of this run is found: its cells get no value, never a guess.

    ``split_runs`` leaves such cells blank under an ``uncertain-reading`` finding; with room to
    search, the same run splits into the one reading every group sum allows.
    """
    keys = tuple(k for k, _, _ in FORMAT_2021.t4.keys())
    run = Run(keys, "19153681037158420610 109243161 00000", (Kind.COUNT,) * 15)
    capped = solve([run], {}, identities(FORMAT_2021), limit=5000)
    assert not any(k in capped.values for k in keys)
    assert any(d.startswith(STOPPED) for d in capped.decided_by)
    full = solve([run], {}, identities(FORMAT_2021))
    assert full.unique()
    assert [full.values[k] for k in keys] == [19, 15, 3681, 0, 3715, 8, 42061, 0, 1092, 43161, 0, 0, 0, 0, 0]


def test_facts_and_known_cells_decide_what_identities_leave_open() -> None:
    row = Identity("t3-row-sum", "row", ("c",), ("a", "b"))
    run = Run(("a", "b", "c"), "11011", (Kind.COUNT,) * 3)
    open_ = solve([run], {}, [row])
    assert open_.solutions == 2
    assert open_.alternatives == {"a": (1, 11), "b": (10, 0)}
    soft = Fact(("a",), frozenset({11}), "prose: a is 11")
    decided = solve([run], {}, [row], [soft])
    assert decided.unique()
    assert decided.values == {"a": 11, "b": 0, "c": 11}
    assert "prose: a is 11" in decided.decided_by
    known = solve([Run(("a", "c"), "111", (Kind.COUNT,) * 2)], {"b": 10}, [row])
    assert known.values == {"a": 1, "c": 11}


def test_a_contradicting_soft_fact_does_not_override_identities() -> None:
    row = Identity("t3-row-sum", "row", ("c",), ("a", "b"))
    run = Run(("a", "b", "c"), "11011", (Kind.COUNT,) * 3)
    result = solve([run], {}, [row], [Fact(("a",), frozenset({110}), "prose")])
    assert result.values["c"] == 11


def test_a_hard_fact_is_relaxed_like_an_identity_when_nothing_satisfies_it() -> None:
    row = Identity("t3-row-sum", "row", ("c",), ("a", "b"))
    run = Run(("a", "b", "c"), "11011", (Kind.COUNT,) * 3)
    result = solve([run], {}, [row], [Fact(("a",), frozenset({110}), "prose", hard=True)])
    assert any(d.startswith("relaxed") for d in result.decided_by)
    assert result.values["c"] == 11


def test_no_valid_split_is_reported_not_raised() -> None:
    result = solve([Run(("a",), "1.5", (Kind.COUNT,))], {}, [])
    assert result.solutions == 0
    assert result.values == {}


def test_candidates_are_whole_splits_of_each_run_the_chosen_first() -> None:
    row = Identity("t3-row-sum", "row", ("c",), ("a", "b"))
    run = Run(("a", "b", "c"), "11011", (Kind.COUNT,) * 3)
    open_ = solve([run], {}, [row])
    chosen = tuple(open_.values[k] for k in run.keys)
    assert set(open_.candidates[run.keys]) == {(1, 10, 11), (11, 0, 11)}
    assert open_.candidates[run.keys][0] == chosen
    assert open_.ruled_out == {run.keys: 0}
    assert open_.ruled_out_by == ()


def test_a_soft_fact_rules_out_candidates_and_says_which() -> None:
    row = Identity("t3-row-sum", "row", ("c",), ("a", "b"))
    run = Run(("a", "b", "c"), "11011", (Kind.COUNT,) * 3)
    decided = solve([run], {}, [row], [Fact(("a",), frozenset({11}), "prose: a is 11")])
    assert decided.candidates == {run.keys: ((11, 0, 11),)}
    assert decided.ruled_out == {run.keys: 1}
    assert decided.ruled_out_by == ("prose: a is 11",)


@pytest.mark.parametrize("year", YEARS)
def test_candidates_agree_with_the_alternatives_of_each_cell(year: int) -> None:
    result = _solve(year)
    runs, _ = _runs(year)
    for run in runs:
        splits = result.candidates[run.keys]
        assert splits[0] == tuple(result.values[k] for k in run.keys)
        assert len(set(splits)) == len(splits)
        for j, key in enumerate(run.keys):
            assert {s[j] for s in splits} == set(result.alternatives.get(key, (result.values[key],))), key


def test_splits_the_budget_turns_away_count_against_the_bound() -> None:
    """Four digits changed in Pingtan 2024's run-together 表三 leave many splits of each row
    that fail one identity or another. Each such split, checked and turned away, is work the
    bound counts: the search stops at its limit and every cell it left open is flagged, where it
    used to try hundreds of thousands of splits, each against every identity of its row."""
    printed = PINGTAN_2024.read_text(encoding="utf-8")
    for before, after in (("予以公开710000071", "予以公开710000001"), ("事务信息320000032", "事务信息320006032"),
                          ("3.其他1100002", "3.其他1100007"), ("继续办理0000000", "继续办理0000007")):
        assert printed.count(before) == 1
        printed = printed.replace(before, after)
    report = report_from_layout(PINGTAN_2024, parse_text(printed))
    splits = [f for f in report.reading_findings if f.actual == SEVERAL_SPLITS]
    assert splits and all(any(d.startswith(STOPPED) for d in f.data["decided_by"]) for f in splits)
    flagged = {k for f in report.reading_findings if f.code == "uncertain-reading" for k in f.cells}
    undecided = {key for f in splits for j, key in enumerate(f.data["keys"])
                 if len({split[j] for split in f.data["candidates"]}) > 1}
    assert undecided and undecided <= flagged
