"""Every user-visible word, in Vietnamese (default) and English.

Readers accept either language: a header matches when it folds (see
:func:`dgsp.text.fold`) to either the Vietnamese word or its English alias.
Writers use one language, chosen by ``--lang`` or ``DGSP_LANG``.
"""

from __future__ import annotations

import os

from dgsp.model import Direction, Grade

LANGS = ("vi", "en")

# key: (vi, en)
LABELS: dict[str, tuple[str, str]] = {
    # --- plan workbook: sheets
    "sheet.info": ("Thông tin", "Info"),
    "sheet.units": ("Đơn vị", "Units"),
    "sheet.indicators": ("Chỉ tiêu", "Indicators"),
    "sheet.targets": ("Giao chỉ tiêu", "Targets"),
    "sheet.grades": ("Xếp loại", "Grades"),
    "sheet.guide": ("Hướng dẫn", "Instructions"),
    "sheet.lists": ("Danh mục", "Lists"),
    # --- plan workbook: Thông tin keys
    "info.title": ("Tên đợt đánh giá", "Title"),
    "info.year": ("Năm", "Year"),
    "info.issued_by": ("Cơ quan giao", "Issued by"),
    "info.deadline": ("Hạn nộp", "Deadline"),
    "info.max_points": ("Điểm tối đa", "Max points"),
    "info.quota": ("Tỷ lệ xuất sắc tối đa", "Excellent quota"),
    "info.key": ("Mục", "Item"),
    "info.value": ("Giá trị", "Value"),
    # --- plan workbook: columns
    "col.unit_code": ("Mã đơn vị", "Unit code"),
    "col.unit_name": ("Tên đơn vị", "Unit name"),
    "col.group": ("Nhóm so sánh", "Peer group"),
    "col.heads": ("Người đứng đầu", "Heads"),
    "col.indicator_code": ("Mã chỉ tiêu", "Indicator code"),
    "col.task_group": ("Nhóm nhiệm vụ", "Task group"),
    "col.indicator_name": ("Tên chỉ tiêu", "Indicator name"),
    "col.measure": ("Đơn vị tính", "Unit of measure"),
    "col.direction": ("Chiều", "Direction"),
    "col.weight": ("Điểm", "Weight"),
    "col.cap": ("Trần", "Cap"),
    "col.additive": ("Cộng dồn", "Additive"),
    "col.target": ("Chỉ tiêu giao", "Target"),
    "col.note": ("Ghi chú", "Note"),
    "col.grade": ("Mức", "Grade"),
    "col.min_score": ("Điểm tối thiểu", "Min score"),
    "col.min_achieved": ("Tỷ lệ đạt tối thiểu", "Min achieved share"),
    "col.min_exceeded": ("Tỷ lệ vượt tối thiểu", "Min exceeded share"),
    # --- words in cells
    "dir.higher": ("Tăng", "higher"),
    "dir.lower": ("Giảm", "lower"),
    "dir.binary": ("Đạt", "binary"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "done": ("Đạt", "Done"),
    "not_done": ("Không đạt", "Not done"),
    # --- unit template
    "sheet.results": ("Kết quả", "Results"),
    "col.no": ("STT", "No."),
    "col.result": ("Kết quả thực hiện", "Result"),
    "col.evidence": ("Ghi chú/Minh chứng", "Note/Evidence"),
    "tpl.unit": ("Đơn vị", "Unit"),
    "tpl.heads": ("Người đứng đầu", "Heads"),
    "tpl.year": ("Năm", "Year"),
    "tpl.deadline": ("Hạn nộp", "Deadline"),
    "tpl.instruction": (
        "Chỉ nhập vào các ô màu vàng ở cột \"Kết quả thực hiện\" và \"Ghi chú/Minh chứng\"; "
        "không sửa, thêm, xoá hay đổi thứ tự các dòng.",
        "Fill in only the yellow cells in the \"Result\" and \"Note/Evidence\" columns; "
        "do not edit, add, delete or reorder rows.",
    ),
    # --- report
    "sheet.summary": ("Tổng hợp", "Summary"),
    "sheet.totals": ("Toàn tỉnh", "Province totals"),
    "sheet.data": ("Dữ liệu", "Data"),
    "sheet.problems": ("Kiểm tra", "Problems"),
    "sheet.sources": ("Nguồn", "Sources"),
    "sheet.evaluation": ("Phiếu đánh giá", "Evaluation sheet"),
    "col.rank": ("Xếp hạng", "Rank"),
    "col.score": ("Tổng điểm", "Score"),
    "col.assigned": ("Số chỉ tiêu giao", "Assigned"),
    "col.achieved": ("Số chỉ tiêu đạt", "Achieved"),
    "col.exceeded": ("Số chỉ tiêu vượt", "Exceeded"),
    "col.achieved_of": ("Đạt/Giao", "Achieved/Assigned"),
    "col.grade_code": ("Xếp loại", "Grade"),
    "col.grade_name": ("Tên mức xếp loại", "Grade name"),
    "col.grade_before_quota": ("Xếp loại trước hạn mức", "Grade before quota"),
    "col.status": ("Trạng thái", "Status"),
    "col.file": ("Tệp", "File"),
    "col.actual": ("Kết quả thực hiện", "Result"),
    "col.ratio": ("Tỷ lệ đạt", "Achievement ratio"),
    "col.points": ("Điểm đạt", "Points"),
    "col.is_achieved": ("Đạt", "Achieved"),
    "col.is_exceeded": ("Vượt", "Exceeded"),
    "col.capped": ("Chạm trần", "Capped"),
    "col.explain": ("Cách tính", "How computed"),
    "col.units_assigned": ("Số đơn vị được giao", "Units assigned"),
    "col.units_scored": ("Số đơn vị có kết quả", "Units scored"),
    "col.units_achieved": ("Số đơn vị đạt", "Units achieved"),
    "col.units_exceeded": ("Số đơn vị vượt", "Units exceeded"),
    "col.problem_code": ("Mã lỗi", "Code"),
    "col.severity": ("Mức độ", "Severity"),
    "col.sheet": ("Trang tính", "Sheet"),
    "col.cell": ("Ô", "Cell"),
    "col.message": ("Nội dung", "Message"),
    "col.hint": ("Cách sửa", "How to fix"),
    "col.kind": ("Loại", "Kind"),
    "col.sha256": ("SHA-256", "SHA-256"),
    "col.item": ("Mục", "Item"),
    "col.value": ("Giá trị", "Value"),
    "status.scored": ("Đã chấm", "Scored"),
    "status.rejected": ("Bị từ chối", "Rejected"),
    "status.missing": ("Không nộp", "Missing"),
    "severity.error": ("Lỗi", "Error"),
    "severity.warning": ("Cảnh báo", "Warning"),
    "note.lowered": (
        "Hạ từ HTXSNV xuống HTTNV do vượt hạn mức xuất sắc của nhóm ({seats} suất)",
        "Lowered from HTXSNV to HTTNV: the group's excellent quota ({seats} seats) was full",
    ),
    "note.missing": ("Không nộp kết quả", "No return received"),
    "note.rejected": ("Kết quả bị từ chối: {count} lỗi, xem trang Kiểm tra",
                      "Return rejected: {count} errors, see the Problems sheet"),
    "source.plan": ("Kế hoạch", "Plan"),
    "source.return": ("Kết quả nộp", "Return"),
    "source.version": ("Phiên bản dgsp", "dgsp version"),
    "source.fingerprint": ("Dấu vân tay kế hoạch", "Plan fingerprint"),
    "source.generated": ("Lập bởi", "Generated by"),
    "sign.preparer": ("Người lập phiếu", "Prepared by"),
    "sign.head": ("Người đứng đầu đơn vị", "Head of unit"),
    "sign.approver": ("Thủ trưởng cơ quan đánh giá", "For the evaluating body"),
    "sign.hint": ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    "total": ("Tổng cộng", "Total"),
}

GRADE_NAMES: dict[Grade, tuple[str, str]] = {
    Grade.HTXSNV: ("Hoàn thành xuất sắc nhiệm vụ", "Excellently completed tasks"),
    Grade.HTTNV: ("Hoàn thành tốt nhiệm vụ", "Well completed tasks"),
    Grade.HTNV: ("Hoàn thành nhiệm vụ", "Completed tasks"),
    Grade.KHTNV: ("Không hoàn thành nhiệm vụ", "Did not complete tasks"),
}

DIRECTION_KEYS: dict[Direction, str] = {
    Direction.HIGHER: "dir.higher",
    Direction.LOWER: "dir.lower",
    Direction.BINARY: "dir.binary",
}


def resolve_lang(lang: str | None = None) -> str:
    """The language to write in: explicit, else ``DGSP_LANG``, else Vietnamese."""
    lang = (lang or os.environ.get("DGSP_LANG") or "vi").strip().lower()[:2]
    return lang if lang in LANGS else "vi"


def label(key: str, lang: str = "vi", **params: object) -> str:
    text = LABELS[key][0 if lang == "vi" else 1]
    return text.format(**params) if params else text


def aliases(key: str) -> tuple[str, str]:
    """Both spellings of a label, for readers that accept either language."""
    return LABELS[key]


def grade_name(grade: Grade, lang: str = "vi") -> str:
    return GRADE_NAMES[grade][0 if lang == "vi" else 1]


def direction_word(direction: Direction, lang: str = "vi") -> str:
    return label(DIRECTION_KEYS[direction], lang)
