"""The catalogue of every problem dgsp can report.

Each entry has a stable code, a severity, and a message and a hint in
Vietnamese and English. Messages say what was found and what was expected;
the problem's location (file, sheet, cell) is carried by the
:class:`~dgsp.model.Problem` itself and printed in front of the message.

Codes by range: DG1xx the plan workbook, DG2xx returned workbooks,
DG3xx outputs and arguments.

Add a code here, never inline: ``docs/problems.md`` is generated from this
table, and a test fails when a code is raised but not listed here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from dgsp.model import Problem, Severity

E, W = Severity.ERROR, Severity.WARNING


_PARAM = re.compile(r"\{[^{}]*\}")
_CELL = re.compile(r"([A-Z]+)([0-9]+)")


@dataclass(frozen=True)
class Spec:
    code: str
    severity: Severity
    vi: str
    en: str
    hint_vi: str
    hint_en: str
    example: dict  # parameters for the documentation's example

    def title(self, lang: str = "vi") -> str:
        """The message without its particulars, for a count by code: each parameter "…"."""
        return _PARAM.sub("…", self.vi if lang == "vi" else self.en)


_SPECS = [
    # ------------------------------------------------------------------ plan workbook
    Spec("DG101", E, "không mở được tệp kế hoạch: {reason}",
         "cannot open the plan workbook: {reason}",
         "Đưa đường dẫn tới tệp kế hoạch dạng Excel .xlsx (như tệp `dgsp init` tạo); tệp dạng "
         "khác thì mở bằng Excel, lưu lại dạng .xlsx rồi chạy lại.",
         "Give the path of the plan workbook, an Excel .xlsx file (as `dgsp init` makes); a "
         "file in another format, open it in Excel, save it as .xlsx and run again.",
         {"reason": "File is not a zip file"}),
    Spec("DG102", E, "thiếu trang tính \"{sheet}\"",
         "the sheet \"{sheet}\" is missing",
         "Thêm trang tính \"{sheet}\" (xem mẫu tạo bởi `dgsp init --blank`).",
         "Add the sheet \"{sheet}\" (see the blank made by `dgsp init --blank`).",
         {"sheet": "Đơn vị"}),
    Spec("DG103", E, "không tìm thấy cột \"{column}\" trong dòng tiêu đề",
         "no \"{column}\" column in the header row",
         "Thêm cột có tiêu đề \"{column}\" vào dòng tiêu đề của bảng.",
         "Add a column headed \"{column}\" to the table's header row.",
         {"column": "Mã đơn vị"}),
    Spec("DG104", E, "\"{field}\" bị bỏ trống",
         "\"{field}\" is empty",
         "Điền giá trị cho \"{field}\".",
         "Fill in \"{field}\".",
         {"field": "Tên đơn vị"}),
    Spec("DG105", E, "\"{field}\" phải là {expected}, gặp \"{found}\"",
         "\"{field}\" must be {expected}, found \"{found}\"",
         "Sửa ô thành {expected}.",
         "Change the cell to {expected}.",
         {"field": "Năm", "expected": "số nguyên", "found": "hai không hai mốt"}),
    Spec("DG106", E, "mã đơn vị \"{code}\" bị trùng (đã có ở dòng {first_row})",
         "unit code \"{code}\" is used twice (first in row {first_row})",
         "Mỗi đơn vị phải có một mã riêng; đổi hoặc xoá dòng trùng.",
         "Each unit needs its own code; change or delete the duplicate row.",
         {"code": "TAMDAO", "first_row": 4}),
    Spec("DG107", E, "mã chỉ tiêu \"{code}\" bị trùng (đã có ở dòng {first_row})",
         "indicator code \"{code}\" is used twice (first in row {first_row})",
         "Mỗi chỉ tiêu phải có một mã riêng; đổi hoặc xoá dòng trùng.",
         "Each indicator needs its own code; change or delete the duplicate row.",
         {"code": "XD01", "first_row": 3}),
    Spec("DG108", E, "mã đơn vị \"{code}\" không hợp lệ",
         "unit code \"{code}\" is not valid",
         "Mã đơn vị chỉ gồm chữ không dấu, chữ số, \"-\" và \"_\", tối đa 32 ký tự.",
         "A unit code has only unaccented letters, digits, \"-\" and \"_\", at most 32 characters.",
         {"code": "TAM ĐẢO"}),
    Spec("DG109", E, "chiều \"{found}\" không hợp lệ",
         "direction \"{found}\" is not valid",
         "Dùng một trong: Tăng, Giảm, Đạt.",
         "Use one of: Tăng [higher], Giảm [lower], Đạt [binary].",
         {"found": "Cao"}),
    Spec("DG110", E, "\"{field}\" phải {expected}, gặp \"{found}\"",
         "\"{field}\" must be {expected}, found \"{found}\"",
         "Nhập tỷ lệ dạng ô phần trăm (30%) hoặc chữ \"30%\"; số thường được hiểu là phân số (1,2 = 120%).",
         "Enter a percentage cell (30%) or the text \"30%\"; a plain number is a fraction (1.2 = 120%).",
         {"field": "Trần", "expected": "≥ 100%", "found": "80%"}),
    Spec("DG111", E, "mã đơn vị \"{code}\" không có trong trang Đơn vị",
         "unit code \"{code}\" is not on the Units sheet",
         "Sửa mã cho đúng, hoặc thêm đơn vị này vào trang Đơn vị.",
         "Correct the code, or add the unit to the Units sheet.",
         {"code": "TAMDAOO"}),
    Spec("DG112", E, "mã chỉ tiêu \"{code}\" không có trong trang Chỉ tiêu",
         "indicator code \"{code}\" is not on the Indicators sheet",
         "Sửa mã cho đúng, hoặc thêm chỉ tiêu này vào trang Chỉ tiêu.",
         "Correct the code, or add the indicator to the Indicators sheet.",
         {"code": "XD99"}),
    Spec("DG113", E, "chỉ tiêu giao phải là số ≥ 0, gặp \"{found}\"",
         "a target must be a number ≥ 0, found \"{found}\"",
         "Nhập một số (ví dụ 2.000 hoặc 2000); để trống nếu không giao chỉ tiêu này.",
         "Enter a number (e.g. 2000); leave the cell empty if the indicator is not assigned.",
         {"found": "hai nghìn"}),
    Spec("DG114", E, "chỉ tiêu \"{indicator}\" có chiều Tăng nhưng chỉ tiêu giao bằng 0",
         "indicator \"{indicator}\" is higher-is-better but its target is 0",
         "Giao một số > 0, hoặc để trống nếu không giao.",
         "Assign a number > 0, or leave it empty if not assigned.",
         {"indicator": "XD01"}),
    Spec("DG115", E, "chỉ tiêu \"{indicator}\" là loại Đạt, chỉ tiêu giao phải là \"Đạt\", gặp \"{found}\"",
         "indicator \"{indicator}\" is binary; its target must be \"Đạt\", found \"{found}\"",
         "Ghi \"Đạt\", hoặc để trống nếu không giao.",
         "Write \"Đạt\", or leave it empty if not assigned.",
         {"indicator": "CT03", "found": "100"}),
    Spec("DG116", E, "đơn vị \"{code}\" chưa được giao chỉ tiêu nào",
         "unit \"{code}\" has no targets",
         "Giao ít nhất một chỉ tiêu cho đơn vị trên trang Giao chỉ tiêu, hoặc xoá đơn vị.",
         "Assign at least one target to the unit on the Targets sheet, or remove the unit.",
         {"code": "PHUCYEN"}),
    Spec("DG117", E, "chỉ tiêu \"{indicator}\" được giao hai lần cho đơn vị \"{unit}\" (đã có ở {first_cell})",
         "indicator \"{indicator}\" is assigned twice to unit \"{unit}\" (first at {first_cell})",
         "Giữ một dòng, xoá dòng còn lại.",
         "Keep one row and delete the other.",
         {"indicator": "XD01", "unit": "TAMDAO", "first_cell": "C5"}),
    Spec("DG118", E, "\"{field}\" phải là Có hoặc Không, gặp \"{found}\"",
         "\"{field}\" must be Có [yes] or Không [no], found \"{found}\"",
         "Ghi \"Có\" hoặc \"Không\".",
         "Write \"Có\" or \"Không\".",
         {"field": "Cộng dồn", "found": "Tuỳ"}),
    Spec("DG119", E, "mức xếp loại \"{found}\" không hợp lệ",
         "grade \"{found}\" is not valid",
         "Dùng HTXSNV, HTTNV hoặc HTNV (KHTNV là mức còn lại, không cần dòng).",
         "Use HTXSNV, HTTNV or HTNV (KHTNV is what remains and needs no row).",
         {"found": "XS"}),
    Spec("DG120", E, "trang Giao chỉ tiêu không theo dạng nào đã biết",
         "the Targets sheet has neither known layout",
         "Dùng dạng dọc (cột Mã đơn vị, Mã chỉ tiêu, Chỉ tiêu giao) hoặc dạng ma trận "
         "(cột Mã chỉ tiêu, rồi mỗi đơn vị một cột đề mã đơn vị).",
         "Use the long layout (Unit code, Indicator code, Target columns) or the matrix "
         "(an Indicator code column, then one column per unit headed by its code).",
         {}),
    Spec("DG121", E, "ngưỡng điểm của {grade} ({score}) thấp hơn của mức dưới {lower} ({lower_score})",
         "the {grade} threshold ({score}) is below the lower grade {lower} ({lower_score})",
         "Ngưỡng điểm phải giảm dần: HTXSNV ≥ HTTNV ≥ HTNV.",
         "Thresholds must descend: HTXSNV ≥ HTTNV ≥ HTNV.",
         {"grade": "HTXSNV", "score": 60, "lower": "HTTNV", "lower_score": 70}),
    Spec("DG122", W, "chỉ tiêu \"{code}\" không được giao cho đơn vị nào",
         "indicator \"{code}\" is assigned to no unit",
         "Giao chỉ tiêu này trên trang Giao chỉ tiêu, hoặc xoá nó khỏi trang Chỉ tiêu.",
         "Assign it on the Targets sheet, or delete it from the Indicators sheet.",
         {"code": "KT09"}),
    Spec("DG123", E, "mức xếp loại \"{grade}\" có hai dòng",
         "grade \"{grade}\" has two rows",
         "Giữ một dòng cho mỗi mức.",
         "Keep one row per grade.",
         {"grade": "HTTNV"}),
    Spec("DG124", E, "trang \"{sheet}\" chưa có dòng nào dưới dòng tiêu đề",
         "the sheet \"{sheet}\" has no rows below its header",
         "Điền ít nhất một dòng vào trang \"{sheet}\".",
         "Fill in at least one row on the sheet \"{sheet}\".",
         {"sheet": "Đơn vị"}),
    # DG125–DG149: Quy định 366 extensions of the plan (issue 10)
    Spec("DG125", E, "mã tiêu chí \"{code}\" bị trùng (đã có ở dòng {first_row})",
         "criterion code \"{code}\" is used twice (first in row {first_row})",
         "Mỗi tiêu chí chung phải có một mã riêng; đổi hoặc xoá dòng trùng.",
         "Each general criterion needs its own code; change or delete the duplicate row.",
         {"code": "CN01", "first_row": 3}),
    Spec("DG126", E, "tổng điểm tối đa của các tiêu chí áp dụng cho \"{kind}\" là {sum}, "
         "phải bằng Điểm tiêu chí chung ({general})",
         "the max points of the criteria applying to \"{kind}\" add up to {sum}; they must "
         "equal General points ({general})",
         "Sửa Điểm tối đa hoặc cột Áp dụng cho trên trang Tiêu chí chung cho đủ {general} "
         "điểm, hoặc sửa Điểm tiêu chí chung trên trang Thông tin.",
         "Change the Max points or Applies to cells on the General criteria sheet to add up "
         "to {general}, or change General points on the Info sheet.",
         {"kind": "Tập thể", "sum": Decimal("25"), "general": Decimal("30")}),
    Spec("DG127", E, "Điểm tiêu chí chung là {general} nhưng kế hoạch không có tiêu chí chung nào",
         "General points is {general} but the plan has no general criteria",
         "Thêm trang \"Tiêu chí chung\" liệt kê các tiêu chí (tổng {general} điểm), hoặc ghi 0 "
         "vào Điểm tiêu chí chung.",
         "Add a \"Tiêu chí chung\" [General criteria] sheet listing the criteria (adding up "
         "to {general}), or set General points to 0.",
         {"general": Decimal("30")}),
    Spec("DG128", E, "mã cán bộ \"{code}\" không hợp lệ",
         "official code \"{code}\" is not valid",
         "Mã cán bộ chỉ gồm chữ không dấu, chữ số, \"-\" và \"_\", tối đa 32 ký tự.",
         "An official code has only unaccented letters, digits, \"-\" and \"_\", at most 32 "
         "characters.",
         {"code": "NGUYỄN A"}),
    Spec("DG129", E, "mã cán bộ \"{code}\" bị trùng (đã có ở dòng {first_row}, không phân biệt hoa thường)",
         "official code \"{code}\" is used twice (first in row {first_row}, ignoring case)",
         "Mỗi cán bộ phải có một mã riêng; đổi hoặc xoá dòng trùng.",
         "Each official needs their own code; change or delete the duplicate row.",
         {"code": "TAMDAO-BT", "first_row": 2}),
    Spec("DG130", E, "mã cán bộ \"{code}\" trùng mã đơn vị \"{unit}\" (không phân biệt hoa thường)",
         "official code \"{code}\" is the unit code \"{unit}\" (ignoring case)",
         "Mã cán bộ và mã đơn vị dùng chung một danh sách mã; đặt cho cán bộ một mã khác, "
         "ví dụ \"{unit}-BT\".",
         "Officials and units share one list of codes; give the official another code, "
         "e.g. \"{unit}-BT\".",
         {"code": "tamdao", "unit": "TAMDAO"}),
    Spec("DG131", E, "chỉ tiêu \"{indicator}\" không phải loại Đạt nên không có hạn hoàn thành",
         "indicator \"{indicator}\" is not binary, so it cannot have a due date",
         "Xoá ô Hạn hoàn thành, hoặc đổi Chiều của chỉ tiêu thành Đạt nếu đó là một nhiệm vụ "
         "có thời hạn.",
         "Clear the Due date cell, or make the indicator's Direction Đạt [binary] if it is a "
         "task with a deadline.",
         {"indicator": "XD01"}),
    Spec("DG132", E, "trang Giao chỉ tiêu dạng ma trận không ghi được hạn hoàn thành",
         "the matrix layout of the Targets sheet cannot hold due dates",
         "Chuyển sang dạng dọc (cột Mã đơn vị, Mã chỉ tiêu, Chỉ tiêu giao, Hạn hoàn thành), "
         "hoặc xoá cột Hạn hoàn thành.",
         "Use the long layout (Unit code, Indicator code, Target, Due date columns), or "
         "delete the Due date column.",
         {}),
    Spec("DG133", E, "chỉ tiêu năm của chỉ tiêu \"{indicator}\" cho đơn vị \"{unit}\" nhưng "
         "đơn vị chưa được giao chỉ tiêu này",
         "an annual target of indicator \"{indicator}\" for unit \"{unit}\", which has no "
         "target for it",
         "Giao chỉ tiêu (mốc của kỳ) cho đơn vị trên trang Giao chỉ tiêu, hoặc xoá chỉ tiêu năm.",
         "Give the unit its target (the period's milestone) on the Targets sheet, or delete "
         "the annual target.",
         {"indicator": "XD01", "unit": "TAMDAO"}),
    Spec("DG134", W, "kế hoạch có Kỳ đánh giá là Năm: {count} chỉ tiêu năm bị bỏ qua",
         "the plan's period is the year: its {count} annual target(s) are ignored",
         "Chỉ tiêu giao của kế hoạch năm đã là chỉ tiêu năm. Nếu đây là kế hoạch một quý, ghi "
         "Kỳ đánh giá (Quý I … Quý IV) trên trang Thông tin; nếu không, xoá cột hoặc trang "
         "Chỉ tiêu năm.",
         "A year's plan has the year's targets as its targets. If this is a quarter's plan, set "
         "Kỳ đánh giá [Period] (Quý I … Quý IV) on the Info sheet; else delete the Chỉ tiêu năm "
         "[Annual target] column or sheet.",
         {"count": 12}),
    Spec("DG135", W, "chỉ tiêu năm của \"{indicator}\" cho đơn vị \"{unit}\" ({annual}) nhỏ "
         "hơn mốc {period} ({target})",
         "the annual target of \"{indicator}\" for unit \"{unit}\" ({annual}) is below its "
         "{period} milestone ({target})",
         "Kiểm tra lại: chỉ tiêu chiều Tăng hoặc cộng dồn thì chỉ tiêu cả năm thường không nhỏ "
         "hơn mốc của một quý. Có thể hai ô bị ghi đảo chỗ.",
         "Check it: for a higher-is-better or additive indicator the year's target is usually "
         "no smaller than one quarter's milestone. The two cells may be swapped.",
         {"indicator": "XD01", "unit": "TAMDAO", "annual": Decimal(40), "period": "Quý II",
          "target": Decimal(60)}),
    Spec("DG136", E, "chỉ tiêu năm của \"{indicator}\" cho đơn vị \"{unit}\" được ghi hai lần "
         "(đã có ở {first_cell})",
         "the annual target of \"{indicator}\" for unit \"{unit}\" is given twice (first at "
         "{first_cell})",
         "Ghi chỉ tiêu năm một lần cho mỗi đơn vị và chỉ tiêu: ở cột Chỉ tiêu năm của trang "
         "Giao chỉ tiêu, hoặc ở trang Chỉ tiêu năm; xoá ô còn lại.",
         "Give each unit and indicator one annual target: in the Annual target column of the "
         "Targets sheet, or on the Chỉ tiêu năm [Annual targets] sheet; delete the other.",
         {"indicator": "XD01", "unit": "TAMDAO", "first_cell": "Giao chỉ tiêu!E5"}),
    Spec("DG137", E, "trang Giao chỉ tiêu dạng ma trận không ghi được chỉ tiêu năm trong một cột",
         "the matrix layout of the Targets sheet cannot hold annual targets in a column",
         "Ghi chỉ tiêu năm ở trang riêng \"Chỉ tiêu năm\", cùng dạng ma trận (cột Mã chỉ "
         "tiêu, rồi mỗi đơn vị một cột đề mã đơn vị), và xoá cột này; hoặc chuyển sang dạng dọc.",
         "Put the annual targets on a sheet of their own, \"Chỉ tiêu năm\" [Annual targets], "
         "in the same matrix shape (an Indicator code column, then one column per unit), and "
         "delete this column; or use the long layout.",
         {}),
    # (end of DG125–DG149)
    # ------------------------------------------------------------------ returned workbooks
    Spec("DG201", E, "không mở được tệp: {reason}",
         "cannot open the file: {reason}",
         "Mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
         "Open the file in Excel, save it as .xlsx and send it again.",
         {"reason": "File is not a zip file"}),
    Spec("DG202", E, "tệp không có thông tin nhận dạng của dgsp",
         "the file carries no dgsp identification",
         "Dùng đúng mẫu do `dgsp assign` tạo cho đơn vị; không chép sang tệp mới.",
         "Use the template `dgsp assign` made for the unit; do not copy into a new file.",
         {}),
    Spec("DG203", E, "tệp mang mã đơn vị \"{meta_unit}\" nhưng tên tệp là \"{file_unit}\"",
         "the file carries unit code \"{meta_unit}\" but is named \"{file_unit}\"",
         "Kiểm tra đơn vị đã gửi đúng tệp của mình; đặt lại tên tệp theo mã đơn vị.",
         "Check the unit sent its own file; rename the file after its unit code.",
         {"meta_unit": "TAMDAO", "file_unit": "SONGLO"}),
    Spec("DG204", E, "tệp được lập từ kế hoạch khác (dấu {found}, kế hoạch hiện tại {expected})",
         "the file was made from another plan (fingerprint {found}, this plan {expected})",
         "Gửi cho đơn vị mẫu mới do `dgsp assign` tạo từ kế hoạch hiện tại.",
         "Send the unit a new template made by `dgsp assign` from the current plan.",
         {"found": "1a2b3c4d5e6f7a8b", "expected": "9f8e7d6c5b4a3f2e"}),
    Spec("DG205", E, "không tìm thấy trang tính \"{sheet}\"",
         "the sheet \"{sheet}\" is missing",
         "Dùng lại mẫu đã phát; không đổi tên hay xoá trang kết quả.",
         "Use the issued template; do not rename or delete the results sheet.",
         {"sheet": "Kết quả"}),
    Spec("DG206", E, "không tìm thấy dòng tiêu đề có cột \"{column}\"",
         "no header row with a \"{column}\" column",
         "Dùng lại mẫu đã phát; không sửa dòng tiêu đề của bảng.",
         "Use the issued template; do not edit the table's header row.",
         {"column": "Kết quả thực hiện"}),
    Spec("DG207", E, "thiếu dòng chỉ tiêu \"{indicator}\"",
         "the row for indicator \"{indicator}\" is missing",
         "Dùng lại mẫu đã phát; không xoá dòng chỉ tiêu.",
         "Use the issued template; do not delete indicator rows.",
         {"indicator": "XD01"}),
    Spec("DG208", E, "chỉ tiêu \"{indicator}\" không được giao cho đơn vị này",
         "indicator \"{indicator}\" is not assigned to this unit",
         "Xoá dòng thêm vào, hoặc sửa lại mã chỉ tiêu như trong mẫu.",
         "Delete the added row, or restore the indicator code from the template.",
         {"indicator": "XD99"}),
    Spec("DG209", E, "chỉ tiêu \"{indicator}\" xuất hiện hai lần (đã có ở dòng {first_row})",
         "indicator \"{indicator}\" appears twice (first in row {first_row})",
         "Giữ một dòng cho mỗi chỉ tiêu.",
         "Keep one row per indicator.",
         {"indicator": "XD01", "first_row": 9}),
    Spec("DG210", E, "chưa nhập kết quả thực hiện",
         "the result is empty",
         "Nhập kết quả thực hiện (số 0 nếu không thực hiện được).",
         "Enter the result (0 if nothing was achieved).",
         {}),
    Spec("DG211", E, "kết quả không được âm, gặp {found}",
         "a result cannot be negative, found {found}",
         "Nhập số ≥ 0.",
         "Enter a number ≥ 0.",
         {"found": "-5"}),
    Spec("DG212", E, "kết quả phải là số, gặp \"{found}\"",
         "the result must be a number, found \"{found}\"",
         "Nhập số, ví dụ 2.100 hoặc 2100 (dấu chấm ngăn nghìn, dấu phẩy thập phân).",
         "Enter a number, e.g. 2100 (in text, \".\" groups thousands and \",\" marks decimals).",
         {"found": "khoảng 200"}),
    Spec("DG213", E, "chỉ tiêu loại Đạt chỉ nhận \"Đạt\" hoặc \"Không đạt\", gặp \"{found}\"",
         "a binary indicator takes \"Đạt\" or \"Không đạt\", found \"{found}\"",
         "Chọn \"Đạt\" hoặc \"Không đạt\" trong danh sách của ô.",
         "Pick \"Đạt\" or \"Không đạt\" from the cell's list.",
         {"found": "Gần xong"}),
    Spec("DG214", W, "kết quả nhập dạng chữ \"{found}\", đã đọc là {value}",
         "the result was typed as text \"{found}\"; read as {value}",
         "Kiểm tra lại; nên nhập dạng số để tránh nhầm dấu chấm và dấu phẩy.",
         "Check it; enter numbers as numbers to avoid confusing \".\" and \",\".",
         {"found": "2.100", "value": "2100"}),
    Spec("DG215", E, "mã đơn vị \"{code}\" không có trong kế hoạch",
         "unit code \"{code}\" is not in the plan",
         "Kiểm tra tệp có thuộc đợt đánh giá này không.",
         "Check that the file belongs to this evaluation round.",
         {"code": "HANOI"}),
    Spec("DG216", E, "đơn vị \"{unit}\" có hai tệp kết quả khác nhau: {files}",
         "unit \"{unit}\" has two different returns: {files}",
         "Giữ lại một tệp đúng, chuyển tệp kia ra khỏi thư mục.",
         "Keep the right file and move the other out of the folder.",
         {"unit": "TAMDAO", "files": "TAMDAO.xlsx, TAMDAO (1).xlsx"}),
    Spec("DG217", W, "chỉ tiêu giao trong tệp ({found}) khác kế hoạch ({expected}); dùng số của kế hoạch",
         "the target in the file ({found}) differs from the plan ({expected}); the plan's is used",
         "Không sửa cột Chỉ tiêu giao; kế hoạch là căn cứ.",
         "Do not edit the Target column; the plan is the authority.",
         {"found": "150", "expected": "200"}),
    Spec("DG218", E, "kết quả phải là số, gặp {kind} \"{found}\"",
         "the result must be a number, found a {kind} \"{found}\"",
         "Định dạng ô là Số (Number) rồi nhập lại giá trị.",
         "Format the cell as Number and enter the value again.",
         {"kind": "ngày", "found": "2021-12-31"}),
    Spec("DG219", E, "đơn vị \"{unit}\" không nộp kết quả",
         "unit \"{unit}\" sent no return",
         "Đề nghị đơn vị gửi tệp {file}.",
         "Ask the unit to send {file}.",
         {"unit": "TAMDAO", "file": "TAMDAO.xlsx"}),
    Spec("DG220", W, "bỏ qua tệp \"{name}\" ({reason})",
         "skipped \"{name}\" ({reason})",
         "Không cần làm gì nếu đây không phải tệp kết quả.",
         "Nothing to do unless this is a return.",
         {"name": "~$TAMDAO.xlsx", "reason": "tệp khoá của Excel"}),
    Spec("DG221", W, "đơn vị \"{unit}\" gửi hai tệp giống hệt nhau: {files}; chỉ tính một lần",
         "unit \"{unit}\" sent two identical files: {files}; counted once",
         "Xoá bản thừa cho gọn.",
         "Delete the extra copy to keep the folder tidy.",
         {"unit": "TAMDAO", "files": "TAMDAO.xlsx, TAMDAO - Copy.xlsx"}),
    Spec("DG222", E, "tệp quá lớn hoặc nén bất thường ({reason})",
         "the file is too large or abnormally compressed ({reason})",
         "Mở tệp bằng Excel, xoá nội dung thừa, lưu lại rồi gửi lại.",
         "Open the file in Excel, remove extra content, save it and send it again.",
         {"reason": "xl/worksheets/sheet1.xml: 2.1 GB"}),
    Spec("DG223", E, "mẫu của đơn vị \"{unit}\" trùng tên tệp với đơn vị \"{other}\": \"{path}\"",
         "the template of unit \"{unit}\" has the same file name as unit \"{other}\": \"{path}\"",
         "Windows và macOS không phân biệt chữ hoa, chữ thường trong tên tệp; "
         "đổi một trong hai mã đơn vị trong kế hoạch.",
         "Windows and macOS ignore case in file names; change one of the two unit codes "
         "in the plan.",
         {"unit": "xa", "other": "XA", "path": "mau/xa.xlsx"}),
    Spec("DG224", E, "chỉ tiêu tính bằng % (giao {target}) nhưng ô kết quả ghi số {found}, "
         "không định dạng phần trăm: là {percent}% hay {found}%?",
         "the indicator is in % (target {target}) but the result cell holds the plain number "
         "{found}, not formatted as a percentage: is it {percent}% or {found}%?",
         "Nhập kết quả đúng như cần hiển thị: gõ {percent}% (hoặc {percent} vào ô đã định dạng %).",
         "Enter the result as it should show: type {percent}% (or {percent} into the "
         "percentage-formatted cell).",
         {"target": "95", "found": "0.97", "percent": "97"}),
    # DG225–DG249: identity, layout, values and files of returns (issue 3)
    Spec("DG225", E, "tệp lập cho năm {found}, kế hoạch hiện tại là năm {expected}",
         "the file was made for {found}; this plan is for {expected}",
         "Gửi cho đơn vị mẫu năm {expected} do `dgsp assign` tạo từ kế hoạch hiện tại.",
         "Send the unit the {expected} template made by `dgsp assign` from the current plan.",
         {"found": "2024", "expected": "2025"}),
    Spec("DG226", W, "tệp lập từ bản trước của kế hoạch (dấu {found}, nay {expected}); "
         "chỉ tiêu và chỉ tiêu giao của đơn vị không đổi nên vẫn được nhận",
         "the file was made from an earlier version of this plan (fingerprint {found}, "
         "now {expected}); the unit's indicators and targets are unchanged, so it is accepted",
         "Không cần làm gì; lần sau dùng mẫu mới do `dgsp assign` tạo.",
         "Nothing to do; use the new template made by `dgsp assign` next time.",
         {"found": "1a2b3c4d5e6f7a8b", "expected": "9f8e7d6c5b4a3f2e"}),
    Spec("DG227", E, "tệp lập từ bản trước của kế hoạch, nay chỉ tiêu \"{indicator}\" đã đổi: "
         "{change} (chỉ tiêu giao trong tệp {found}, trong kế hoạch {expected})",
         "the file was made from an earlier version of this plan, and indicator "
         "\"{indicator}\" has changed since: {change} (target in the file {found}, "
         "in the plan {expected})",
         "Gửi cho đơn vị mẫu mới do `dgsp assign` tạo từ kế hoạch hiện tại.",
         "Send the unit a new template made by `dgsp assign` from the current plan.",
         {"indicator": "XD01", "change": "chỉ tiêu giao đã đổi [target changed]",
          "found": "100", "expected": "120"}),
    Spec("DG228", E, "tệp được lập bởi phiên bản dgsp mới hơn ({found}); phiên bản này đọc "
         "được {expected}",
         "the file was made by a newer dgsp ({found}); this version reads {expected}",
         "Cập nhật dgsp (pip install -U dgsp) rồi chạy lại.",
         "Update dgsp (pip install -U dgsp) and run again.",
         {"found": "dgsp.template/2", "expected": "dgsp.template/1"}),
    Spec("DG229", W, "đơn vị \"{unit}\" có nhiều tệp kết quả khác nhau; dùng tệp mới nhất "
         "\"{kept}\" (sửa lúc {modified}), bỏ {discarded}",
         "unit \"{unit}\" has several different returns; the newest, \"{kept}\" (modified "
         "{modified}), is used and {discarded} discarded",
         "Kiểm tra tệp mới nhất là tệp đơn vị muốn nộp; chuyển các tệp cũ ra khỏi thư mục.",
         "Check the newest file is the one the unit meant to send; move the older ones out "
         "of the folder.",
         {"unit": "TAMDAO", "kept": "TAMDAO (1).xlsx", "modified": "2025-12-01 09:30 UTC",
          "discarded": "TAMDAO.xlsx"}),
    Spec("DG230", W, "các dòng chỉ tiêu bị đổi thứ tự; vẫn đọc theo mã chỉ tiêu",
         "the indicator rows have been reordered; they are still read by indicator code",
         "Không cần làm gì; lần sau giữ nguyên thứ tự các dòng của mẫu.",
         "Nothing to do; keep the template's row order next time.",
         {}),
    Spec("DG231", W, "dòng tiêu đề của bảng nằm ở dòng {found}, mẫu đặt ở dòng {expected}; "
         "vẫn đọc theo tiêu đề cột",
         "the table's header is in row {found}, the template has it in row {expected}; "
         "columns are still found by their headers",
         "Kiểm tra không có dòng nào bị chèn hay xoá phía trên bảng.",
         "Check that no rows were inserted or deleted above the table.",
         {"found": 12, "expected": 10}),
    Spec("DG232", W, "không có trang \"{expected}\"; đã đọc trang \"{sheet}\", trang duy nhất có "
         "cột mã chỉ tiêu và kết quả",
         "no sheet \"{expected}\"; read the sheet \"{sheet}\", the only one with indicator "
         "code and result columns",
         "Kiểm tra đúng trang kết quả đã được đọc; lần sau không đổi tên trang tính.",
         "Check that the right sheet was read; do not rename sheets next time.",
         {"expected": "Kết quả", "sheet": "Sheet1"}),
    Spec("DG233", W, "tệp có thêm trang tính không thuộc mẫu: {sheets}; đã bỏ qua",
         "the file has sheets that are not in the template: {sheets}; they were ignored",
         "Không cần làm gì nếu các trang này chỉ để tham khảo; dgsp chỉ đọc trang kết quả.",
         "Nothing to do if they are for reference only; dgsp reads only the results sheet.",
         {"sheets": "\"Sheet1\", \"Nháp\""}),
    Spec("DG234", E, "\"{found}\" đọc được hai cách: {vi} theo cách viết Việt Nam hay {en} "
         "theo cách viết tiếng Anh?",
         "\"{found}\" can be read two ways: {vi} the Vietnamese way, or {en} the English way?",
         "Nhập dạng số, hoặc viết theo cách Việt Nam: dấu chấm ngăn nghìn, dấu phẩy thập phân "
         "(2.100 là hai nghìn một trăm; 2,1 là hai phẩy một).",
         "Enter a number cell, or write it the Vietnamese way: \".\" groups thousands and "
         "\",\" marks decimals (2.100 is two thousand one hundred; 2,1 is two point one).",
         {"found": "2,100", "vi": "2.1", "en": "2100"}),
    Spec("DG235", E, "kết quả \"{found}\" có dấu %, nhưng chỉ tiêu tính bằng \"{measure}\"",
         "the result \"{found}\" has a % sign, but the indicator is measured in \"{measure}\"",
         "Nhập số theo đơn vị tính của chỉ tiêu, không kèm dấu %.",
         "Enter the number in the indicator's unit of measure, without a % sign.",
         {"found": "105%", "measure": "người"}),
    Spec("DG236", W, "ô kết quả là công thức \"{formula}\"; dùng giá trị đã tính {value}",
         "the result cell holds the formula \"{formula}\"; its computed value {value} is used",
         "Kiểm tra giá trị; nên nhập số trực tiếp thay cho công thức.",
         "Check the value; enter the number itself rather than a formula.",
         {"formula": "=SUM(K11:K14)", "value": "120"}),
    Spec("DG237", E, "ô kết quả là công thức \"{formula}\" chưa được tính (tệp không lưu giá trị)",
         "the result cell holds the formula \"{formula}\" with no computed value saved",
         "Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại; hoặc nhập số trực tiếp.",
         "Open the file in Excel or LibreOffice, save it and send it again; or enter the "
         "number itself.",
         {"formula": "=SUM(K11:K14)"}),
    Spec("DG238", W, "kết quả {found} khác xa chỉ tiêu giao {target} (dưới 1/{factor} hoặc "
         "trên {factor} lần): có nhập nhầm?",
         "the result {found} is far from the target {target} (below 1/{factor} or above "
         "{factor} times): a typing slip?",
         "Kiểm tra lại với đơn vị (dấu chấm và dấu phẩy, đơn vị tính); nếu đúng thì không "
         "cần sửa.",
         "Check with the unit (decimal and thousands marks, the unit of measure); if it is "
         "right, nothing needs changing.",
         {"found": "2.18", "factor": 20, "target": "1900"}),
    Spec("DG239", W, "kết quả bằng 0 trong khi chỉ tiêu giao là {target}: có bỏ sót?",
         "the result is 0 against a target of {target}: was it left out?",
         "Kiểm tra lại với đơn vị; nếu đúng là 0 thì không cần sửa.",
         "Check with the unit; if it really is 0, nothing needs changing.",
         {"target": "200"}),
    Spec("DG240", E, "tệp dạng {format}, dgsp chỉ đọc tệp .xlsx",
         "the file is in {format} format; dgsp reads only .xlsx",
         "Mở tệp bằng Excel, chọn Lưu thành (Save As) dạng Sổ làm việc Excel (.xlsx) rồi gửi lại.",
         "Open the file in Excel, Save As an Excel Workbook (.xlsx) and send it again.",
         {"format": "Excel 97-2003 (.xls)"}),
    Spec("DG241", E, "tệp .ods không còn thông tin nhận dạng của dgsp",
         "the .ods file no longer carries the dgsp identification",
         "Điền vào mẫu .xlsx đã phát và lưu dạng .xlsx (trong LibreOffice: Lưu thành, "
         "chọn Excel 2007-365).",
         "Fill in the issued .xlsx template and save it as .xlsx (in LibreOffice: Save As, "
         "Excel 2007-365).",
         {}),
    Spec("DG242", E, "tệp có đặt mật khẩu",
         "the file is protected by a password",
         "Gỡ mật khẩu mở tệp (Excel: Tệp › Thông tin › Bảo vệ sổ làm việc) rồi gửi lại.",
         "Remove the password (Excel: File › Info › Protect Workbook) and send it again.",
         {}),
    Spec("DG243", W, "tệp có macro ({name}); chỉ đọc giá trị, không chạy macro",
         "the file contains macros ({name}); only its values are read, no macro is run",
         "Nên lưu dạng .xlsx (không macro) cho lần sau.",
         "Save as .xlsx (without macros) next time.",
         {"name": "xl/vbaProject.bin"}),
    Spec("DG244", E, "tệp có khai báo XML không an toàn (DOCTYPE/ENTITY) trong \"{member}\"; "
         "không đọc",
         "the file has an unsafe XML declaration (DOCTYPE/ENTITY) in \"{member}\"; not read",
         "Tệp không do Excel hay LibreOffice tạo; yêu cầu đơn vị điền lại mẫu đã phát.",
         "Excel and LibreOffice never write this; ask the unit to fill in the issued "
         "template again.",
         {"member": "xl/sharedStrings.xml"}),
    Spec("DG245", W, "tệp có liên kết tới sổ làm việc khác ({links}); liên kết bị bỏ qua",
         "the file links to other workbooks ({links}); the links are ignored",
         "Kiểm tra các ô kết quả là số đã nhập, không lấy từ tệp khác.",
         "Check the result cells hold typed numbers, not values taken from another file.",
         {"links": "xl/externalLinks/externalLink1.xml"}),
    Spec("DG246", E, "tệp rỗng (0 byte)",
         "the file is empty (0 bytes)",
         "Yêu cầu đơn vị gửi lại tệp; có thể tệp bị lỗi khi tải về hay sao chép.",
         "Ask the unit to send the file again; it may have broken in a download or copy.",
         {}),
    Spec("DG247", E, "đây là thư mục, không phải tệp",
         "this is a folder, not a file",
         "Đổi tên thư mục, hoặc đặt đúng tệp kết quả vào chỗ của nó.",
         "Rename the folder, or put the real return in its place.",
         {}),
    Spec("DG248", E, "không có quyền đọc tệp",
         "no permission to read the file",
         "Cấp quyền đọc cho tệp (hoặc chép nó ra thư mục của bạn) rồi chạy lại.",
         "Give read permission on the file (or copy it into your folder) and run again.",
         {}),
    Spec("DG249", E, "số \"{found}\" có chữ số của nhiều hệ chữ viết khác nhau",
         "the number \"{found}\" mixes digits of different scripts",
         "Gõ lại số bằng bàn phím thường (chữ số 0–9); một số ký tự trông giống dấu chấm "
         "hay chữ số nhưng không phải.",
         "Type the number again with plain digits 0–9; some characters look like a dot or a "
         "digit but are not.",
         {"found": "2٠100"}),
    Spec("DG250", E,
         "thư mục ghi bản có ghi chú \"{path}\" nằm trong thư mục tệp kết quả \"{returns}\"",
         "the folder for annotated copies \"{path}\" is inside the returns \"{returns}\"",
         "Chọn một thư mục ngoài thư mục kết quả (ví dụ phan-hoi/): bản có ghi chú sẽ bị đọc "
         "như tệp nộp ở lần chạy sau, hoặc ghi đè tệp gốc.",
         "Choose a folder outside the returns (e.g. feedback/): the annotated copies would be "
         "read as returns on the next run, or overwrite the originals.",
         {"path": "ket-qua/phan-hoi", "returns": "ket-qua"}),
    Spec("DG251", E, "ô kết quả hiện lỗi {found}", "the result cell shows the error {found}",
         "Sửa công thức hoặc nhập số trực tiếp vào ô kết quả.",
         "Fix the formula, or type the number itself into the result cell.",
         {"found": "#DIV/0!"}),
    Spec("DG252", E, "có hai trang tính cùng là trang kết quả: {sheets}",
         "two sheets are both the results sheet: {sheets}",
         "Xoá bản sao, giữ lại một trang kết quả duy nhất (trang đã phát trong mẫu).",
         "Delete the copy and keep one results sheet (the one issued in the template).",
         {"sheets": "\"Kết quả\", \"KẾT QUẢ \""}),
    Spec("DG253", E, "trang kết quả \"{sheet}\" bị ẩn: nội dung được chấm không phải nội dung "
         "đơn vị nhìn thấy và ký",
         "the results sheet \"{sheet}\" is hidden: what would be scored is not what the unit "
         "saw and signed",
         "Bỏ ẩn trang kết quả (chuột phải vào thanh trang tính › Bỏ ẩn), xoá các bản sao rồi "
         "gửi lại.",
         "Unhide the results sheet (right-click the sheet tabs › Unhide), delete any copies and "
         "send it again.",
         {"sheet": "Kết quả"}),
    Spec("DG254", E, "mã đơn vị ghi trên trang kết quả ({visible}) khác mã trong thông tin ẩn "
         "của tệp ({hidden})",
         "the unit code shown on the results sheet ({visible}) differs from the file's hidden "
         "identification ({hidden})",
         "Tệp đã bị sửa; yêu cầu đơn vị điền lại mẫu đã phát cho chính đơn vị mình.",
         "The file was altered; ask the unit to fill in again the template issued to it.",
         {"visible": "TAMDAO", "hidden": "SONGLO"}),
    Spec("DG255", W, "ngày sửa ghi trong tệp ({modified}) ở tương lai; không dùng để chọn tệp "
         "mới nhất",
         "the file's modified date ({modified}) is in the future; it is not used to choose the "
         "newest file",
         "Kiểm tra đồng hồ máy tính của đơn vị; nếu đơn vị gửi nhiều tệp, giữ lại một tệp đúng.",
         "Check the unit's computer clock; if the unit sent several files, keep the right one.",
         {"modified": "2099-01-01 00:00 UTC"}),
    Spec("DG256", W, "tệp không được dùng: đơn vị \"{unit}\" được chấm theo tệp của chính "
         "mình \"{kept}\"",
         "this file is not used: unit \"{unit}\" is judged by its own file \"{kept}\"",
         "Xem các lỗi của tệp này; chuyển nó ra khỏi thư mục kết quả khi đã rõ.",
         "See this file's errors; move it out of the returns folder once it is clear.",
         {"unit": "SONGLO", "kept": "SONGLO.xlsx"}),
    Spec("DG257", E, "ô kết quả hiển thị phần trăm ({found}%), nhưng chỉ tiêu tính bằng "
         "\"{measure}\"",
         "the result cell shows a percentage ({found}%), but the indicator is measured in "
         "\"{measure}\"",
         "Định dạng ô là Số (Number) rồi nhập số theo đơn vị tính của chỉ tiêu.",
         "Format the cell as Number and enter the figure in the indicator's unit of measure.",
         {"found": Decimal(92), "measure": "người"}),
    Spec("DG258", E, "kết quả {found} lớn hơn mọi số liệu thực (từ {limit} trở lên, bảng tính "
         "không giữ được chính xác)",
         "the result {found} is larger than any real figure ({limit} or more, beyond what a "
         "spreadsheet holds exactly)",
         "Kiểm tra lại số và đơn vị tính (ví dụ triệu đồng thay cho đồng).",
         "Check the figure and its unit of measure (e.g. millions rather than units).",
         {"found": "1E+16", "limit": "1.000.000.000.000.000"}),
    Spec("DG259", E, "không đọc được thư mục \"{path}\": {reason}; các tệp trong đó chưa được "
         "đọc",
         "cannot read the folder \"{path}\": {reason}; the files in it were not read",
         "Cấp quyền đọc cho thư mục (hoặc chép các tệp ra thư mục của bạn) rồi chạy lại.",
         "Give read permission on the folder (or copy its files into your folder) and run again.",
         {"path": "ket-qua/huyen", "reason": "Permission denied"}),
    Spec("DG260", W, "ghi chú của chỉ tiêu dài {length} ký tự, quá giới hạn một ô Excel "
         "({limit}); đã cắt bớt trong báo cáo",
         "the indicator's note is {length} characters long, over Excel's cell limit ({limit}); "
         "it is cut in the report",
         "Rút gọn ghi chú; đính kèm tài liệu dài thành tệp riêng.",
         "Shorten the note; send long documents as separate files.",
         {"length": 1000000, "limit": 32767}),
    # DG261–DG279: self-assessment and completion dates in returns (issue 10)
    Spec("DG261", E, "ngày hoàn thành phải là ngày dạng dd/mm/yyyy, gặp \"{found}\"",
         "the completion date must be a date, dd/mm/yyyy, found \"{found}\"",
         "Nhập ngày dạng dd/mm/yyyy (ví dụ 15/03/2025), hoặc định dạng ô là Ngày (Date); "
         "không dùng công thức.",
         "Type the date as dd/mm/yyyy (e.g. 15/03/2025), or format the cell as Date; do not "
         "use a formula.",
         {"found": "tháng 3"}),
    Spec("DG262", E, "nhiệm vụ có hạn hoàn thành {due} báo \"Đạt\" nhưng chưa ghi ngày hoàn "
         "thành: không biết có chậm tiến độ hay không",
         "the task due {due} is reported done but has no completion date: it cannot be told "
         "whether it was late",
         "Nhập ngày hoàn thành vào cột \"Ngày hoàn thành\" (dd/mm/yyyy). Nếu mẫu không có cột "
         "này, điền lại mẫu mới nhất đã phát.",
         "Enter the completion date in the \"Ngày hoàn thành\" [Completion date] column "
         "(dd/mm/yyyy). If the template has no such column, fill in the latest template issued.",
         {"due": "30/06/2025"}),
    Spec("DG263", W, "có ngày hoàn thành \"{found}\" nhưng {reason}: bỏ qua",
         "a completion date \"{found}\" is given but {reason}: it is ignored",
         "Xoá ngày hoàn thành, hoặc sửa lại kết quả nếu nhiệm vụ đã hoàn thành.",
         "Delete the completion date, or correct the result if the task was done.",
         {"found": "15/03/2025", "reason": "nhiệm vụ báo \"Không đạt\""}),
    Spec("DG264", W, "ngày hoàn thành {found} không thuộc năm đánh giá {year} (hay năm liền "
         "trước, liền sau); có gõ nhầm năm?",
         "the completion date {found} is not in the year evaluated, {year} (or the year before "
         "or after); is the year mistyped?",
         "Kiểm tra lại ngày hoàn thành với đơn vị.",
         "Check the completion date with the unit.",
         {"found": "15/03/2052", "year": 2025}),
    Spec("DG265", E, "thiếu trang \"{sheet}\": kế hoạch có tiêu chí chung để đơn vị tự đánh giá",
         "the \"{sheet}\" sheet is missing: the plan has general criteria for the unit to assess",
         "Điền lại mẫu mới nhất đã phát (có trang \"{sheet}\"); không xoá hay đổi tên trang này.",
         "Fill in the latest template issued (it has the \"{sheet}\" sheet); do not delete or "
         "rename it.",
         {"sheet": "Tự đánh giá"}),
    Spec("DG266", E, "điểm tự đánh giá {found} của \"{entity}\" ở tiêu chí \"{criterion}\" vượt "
         "điểm tối đa {max}",
         "the self-score {found} of \"{entity}\" for criterion \"{criterion}\" is above the "
         "maximum {max}",
         "Nhập điểm từ 0 đến {max}.",
         "Enter a score from 0 to {max}.",
         {"found": "6", "entity": "TAMDAO", "criterion": "TC01", "max": Decimal(5)}),
    Spec("DG267", E, "điểm tự đánh giá không được âm, gặp {found} (\"{entity}\", tiêu chí "
         "\"{criterion}\")",
         "a self-score cannot be negative, found {found} (\"{entity}\", criterion "
         "\"{criterion}\")",
         "Nhập điểm từ 0 đến {max}.",
         "Enter a score from 0 to {max}.",
         {"found": "-1", "entity": "TAMDAO", "criterion": "TC01", "max": Decimal(5)}),
    Spec("DG268", E, "điểm tự đánh giá phải là số, gặp \"{found}\" (\"{entity}\", tiêu chí "
         "\"{criterion}\")",
         "the self-score must be a number, found \"{found}\" (\"{entity}\", criterion "
         "\"{criterion}\")",
         "Nhập số từ 0 đến {max}, không kèm chữ (ví dụ 2,5); tiêu chí Đạt/Không: chọn \"Đạt\" "
         "hoặc \"Không đạt\" trong danh sách.",
         "Enter a number from 0 to {max} with no words (e.g. 2.5); a pass/fail criterion: pick "
         "\"Đạt\" or \"Không đạt\" from the list.",
         {"found": "khá", "entity": "TAMDAO", "criterion": "TC01", "max": Decimal(5)}),
    Spec("DG269", E, "tiêu chí \"{criterion}\" chấm Đạt/Không: chỉ nhận {max} (Đạt) hoặc 0 "
         "(Không đạt), gặp {found} (\"{entity}\")",
         "criterion \"{criterion}\" is pass/fail: it takes {max} (Đạt) or 0 (Không đạt), found "
         "{found} (\"{entity}\")",
         "Chọn \"Đạt\" hoặc \"Không đạt\" trong danh sách của ô.",
         "Pick \"Đạt\" [Done] or \"Không đạt\" [Not done] from the cell's list.",
         {"found": "2,5", "entity": "TAMDAO", "criterion": "TC02", "max": Decimal(5)}),
    Spec("DG270", E, "điểm tự đánh giá {found} (\"{entity}\", tiêu chí \"{criterion}\") không "
         "theo bước 0,25",
         "the self-score {found} (\"{entity}\", criterion \"{criterion}\") is not in steps of "
         "0.25",
         "Làm tròn theo bước 0,25, ví dụ {lower} hoặc {upper}.",
         "Round to a step of 0.25, e.g. {lower} or {upper}.",
         {"found": "2,3", "entity": "TAMDAO", "criterion": "TC01", "lower": Decimal("2.25"),
          "upper": Decimal("2.5")}),
    Spec("DG271", E, "\"{found}\" không phải đối tượng tự đánh giá của đơn vị (tập thể \"{unit}\" "
         "hoặc cán bộ của đơn vị: {expected})",
         "\"{found}\" is not an entity this unit assesses (the collective \"{unit}\" or its "
         "officials: {expected})",
         "Sửa lại mã như trong mẫu đã phát, hoặc xoá khối thêm vào.",
         "Restore the code as in the issued template, or delete the added block.",
         {"found": "XA-PCT", "unit": "XA", "expected": "XA-BT, XA-CT"}),
    Spec("DG272", E, "tiêu chí \"{criterion}\" không áp dụng cho \"{entity}\"",
         "criterion \"{criterion}\" does not apply to \"{entity}\"",
         "Xoá dòng thêm vào, hoặc sửa lại mã tiêu chí như trong mẫu.",
         "Delete the added row, or restore the criterion code from the template.",
         {"criterion": "TC99", "entity": "TAMDAO"}),
    Spec("DG273", W, "\"{entity}\" chưa tự đánh giá tiêu chí \"{criterion}\"",
         "\"{entity}\" has not assessed criterion \"{criterion}\"",
         "Nhập điểm tự đánh giá; nếu để trống, tiêu chí được tính theo điểm thẩm định, hoặc 0.",
         "Enter the self-score; left empty, the criterion counts the appraised score, or 0.",
         {"entity": "TAMDAO", "criterion": "TC01"}),
    Spec("DG274", E, "thiếu dòng tự đánh giá của \"{entity}\": {criteria}",
         "self-assessment rows of \"{entity}\" are missing: {criteria}",
         "Dùng lại mẫu đã phát; không xoá dòng hay khối trên trang Tự đánh giá.",
         "Use the issued template; do not delete rows or blocks of the Self-assessment sheet.",
         {"entity": "TAMDAO", "criteria": "TC01, TC02"}),
    Spec("DG275", E, "\"{item}\" xuất hiện hai lần trên trang tự đánh giá (đã có ở {first})",
         "\"{item}\" appears twice in the self-assessment (first at {first})",
         "Giữ một khối cho mỗi đối tượng và một dòng cho mỗi tiêu chí, như trong mẫu.",
         "Keep one block per entity and one row per criterion, as in the template.",
         {"item": "TC01", "first": "B9"}),
    Spec("DG276", W, "điểm tự đánh giá nhập dạng chữ \"{found}\", đã đọc là {value}",
         "the self-score was typed as text \"{found}\"; read as {value}",
         "Kiểm tra lại; nên nhập dạng số.",
         "Check it; enter numbers as numbers.",
         {"found": "2,5", "value": Decimal("2.5")}),
    Spec("DG277", W, "ô điểm tự đánh giá là công thức \"{formula}\"; dùng giá trị đã tính {value}",
         "the self-score cell holds the formula \"{formula}\"; its computed value {value} is used",
         "Kiểm tra giá trị; nên nhập số trực tiếp thay cho công thức.",
         "Check the value; enter the number itself rather than a formula.",
         {"formula": "=5/2", "value": "2.5"}),
    Spec("DG278", E, "ô điểm tự đánh giá là công thức \"{formula}\" chưa được tính (tệp không lưu "
         "giá trị)",
         "the self-score cell holds the formula \"{formula}\" with no computed value saved",
         "Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại; hoặc nhập số trực tiếp.",
         "Open the file in Excel or LibreOffice, save it and send it again; or enter the "
         "number itself.",
         {"formula": "=5/2"}),
    Spec("DG279", E, "tệp là kết quả của {found}, năm {year}, nhưng kế hoạch này dùng cho "
         "{expected}",
         "the file is the return of {found}, {year}, but this plan is for {expected}",
         "Gửi cho đơn vị mẫu {expected} (tạo bằng `dgsp assign` từ kế hoạch kỳ này) và đề nghị "
         "nhập lại kết quả vào đó; hoặc chấm tệp này bằng kế hoạch {found}.",
         "Send the unit the template for {expected} (made by `dgsp assign` from this period's "
         "plan) and ask for its results in it; or score this file with the plan for {found}.",
         {"found": "Quý II", "expected": "Quý III", "year": 2026}),
    # (end of DG261–DG279)
    # ------------------------------------------------------------------ outputs and arguments
    Spec("DG301", E, "\"{path}\" đã có; không ghi đè",
         "\"{path}\" already exists; not overwritten",
         "Chọn nơi ghi khác, hoặc thêm --force để ghi đè.",
         "Choose another output, or add --force to overwrite.",
         {"path": "bao-cao.xlsx"}),
    Spec("DG302", E, "không ghi được \"{path}\": {reason}",
         "cannot write \"{path}\": {reason}",
         "Kiểm tra thư mục có tồn tại và có quyền ghi; đóng tệp nếu đang mở trong Excel.",
         "Check the folder exists and is writable; close the file if Excel has it open.",
         {"path": "bao-cao.xlsx", "reason": "Permission denied"}),
    Spec("DG303", E, "không tìm thấy \"{path}\"",
         "\"{path}\" does not exist",
         "Kiểm tra lại đường dẫn.",
         "Check the path.",
         {"path": "ket-qua/"}),
    Spec("DG304", E, "\"{path}\" là tệp đầu vào của lần chạy này; dgsp không bao giờ ghi đè "
         "lên tệp đầu vào, kể cả với --force",
         "\"{path}\" is an input of this run; dgsp never overwrites an input, even with --force",
         "Chọn nơi ghi khác (ví dụ thư mục bao-cao/).",
         "Choose another place for the output (e.g. a reports/ folder).",
         {"path": "ket-qua/TAMDAO.xlsx"}),
    Spec("DG305", E, "\"{path}\" nằm trong thư mục đầu vào \"{input}\": lần chạy sau sẽ đọc "
         "nó như tệp kết quả của đơn vị",
         "\"{path}\" is inside the input folder \"{input}\": the next run would read it as "
         "a unit's return",
         "Ghi ra ngoài thư mục kết quả (ví dụ bao-cao/bao-cao.xlsx).",
         "Write outside the returns folder (e.g. reports/report.xlsx).",
         {"path": "ket-qua/bao-cao.xlsx", "input": "ket-qua"}),
    Spec("DG306", E, "hai đầu ra của lần chạy này cùng ghi vào \"{path}\" ({first} và {second})",
         "two outputs of this run would both write \"{path}\" ({first} and {second})",
         "Đặt tên khác nhau cho báo cáo, tệp JSON và thư mục phiếu.",
         "Give the report, the JSON file and the evaluation sheets different names.",
         {"path": "bao-cao.xlsx", "first": "--out", "second": "--json"}),
    Spec("DG307", E, "một lần chạy dgsp khác đang ghi vào \"{path}\" (tệp khoá {lock})",
         "another dgsp run is writing \"{path}\" (lock file {lock})",
         "Chờ lần chạy kia xong rồi chạy lại; nếu không còn lần chạy nào, xoá tệp khoá.",
         "Wait for the other run to finish and run again; if none is running, delete the lock "
         "file.",
         {"path": "bao-cao.xlsx", "lock": ".bao-cao.xlsx.dgsp-lock"}),
    Spec("DG308", E, "chỉ ghi được một phần đầu ra: đã ghi {written}; chưa ghi {missing}",
         "only part of the outputs could be written: written {written}; not written {missing}",
         "Sửa lỗi ghi tệp nêu trên (dung lượng đĩa, quyền ghi) rồi chạy lại với --force.",
         "Fix the write errors above (disk space, permissions) and run again with --force.",
         {"written": "bao-cao.xlsx", "missing": "bao-cao.json, bao-cao-phieu/"}),
    Spec("DG309", E, "\"{path}\" đã có kế hoạch, đầu vào của mọi lệnh sau; `dgsp init` không "
         "bao giờ ghi đè lên nó, kể cả với --force",
         "\"{path}\" already holds a plan, the input of every later command; `dgsp init` "
         "never overwrites it, even with --force",
         "Chọn thư mục khác, hoặc tự chuyển tệp kế hoạch cũ đi nơi khác trước.",
         "Choose another folder, or move the old plan away yourself first.",
         {"path": "dot-2025/plan.xlsx"}),
    # DG601–DG639: the appraisal workbook (issue 10)
    Spec("DG601", E, "không mở được tệp thẩm định: {reason}",
         "cannot open the appraisal workbook: {reason}",
         "Đưa vào tệp .xlsx do `dgsp appraisal` tạo, đã điền; lưu lại dạng Excel (.xlsx) nếu cần.",
         "Give the .xlsx file made by `dgsp appraisal`, filled in; save it as an Excel "
         "workbook (.xlsx) if needed.",
         {"reason": "File is not a zip file"}),
    Spec("DG602", E, "sổ làm việc không có trang ẩn \"_dgsp\": không phải tệp thẩm định do "
         "`dgsp appraisal` tạo",
         "the workbook has no hidden \"_dgsp\" sheet: it is not an appraisal workbook made by "
         "`dgsp appraisal`",
         "Tạo tệp thẩm định bằng `dgsp appraisal <kế hoạch> --out <tệp>` rồi nhập kết quả thẩm "
         "định vào đó; không dùng bản chép lại hay tệp tự lập.",
         "Make the appraisal workbook with `dgsp appraisal <plan> --out <file>` and enter the "
         "appraisal there; not in a copy re-typed or a workbook of your own.",
         {}),
    Spec("DG603", E, "không phải tệp thẩm định: schema \"{found}\", cần \"{expected}\"",
         "not an appraisal workbook: schema \"{found}\", expected \"{expected}\"",
         "Mẫu của đơn vị (dgsp.template) hay báo cáo (dgsp.score) không phải tệp thẩm định; "
         "đưa vào tệp do `dgsp appraisal` tạo (tệp do phiên bản dgsp mới hơn tạo cần cập nhật "
         "dgsp).",
         "A unit template (dgsp.template) or a report (dgsp.score) is not an appraisal "
         "workbook; give the file made by `dgsp appraisal` (one made by a newer dgsp needs "
         "dgsp upgraded).",
         {"found": "dgsp.template/1", "expected": "dgsp.appraisal/1"}),
    Spec("DG604", E, "tệp thẩm định được tạo cho kế hoạch khác (mã kế hoạch {found}); kế hoạch "
         "này có mã {expected}",
         "the appraisal workbook was made for another plan (fingerprint {found}); this plan's "
         "is {expected}",
         "Chấm với đúng kế hoạch đã tạo ra tệp này; nếu kế hoạch đã sửa, tạo lại tệp thẩm định "
         "(`dgsp appraisal`) và chép các nội dung đã thẩm định sang.",
         "Score with the plan the file was made from; if the plan was changed, make the "
         "appraisal workbook again (`dgsp appraisal`) and copy the appraisal over.",
         {"found": "0123abcd4567ef89", "expected": "89fe7654dcba3210"}),
    Spec("DG605", E, "thiếu trang tính \"{sheet}\"",
         "the sheet \"{sheet}\" is missing",
         "Dùng tệp do `dgsp appraisal` tạo, giữ nguyên tên các trang tính.",
         "Use the file made by `dgsp appraisal`, keeping its sheet names.",
         {"sheet": "Thẩm định kết quả"}),
    Spec("DG606", E, "không tìm thấy cột \"{column}\" trong dòng tiêu đề",
         "no \"{column}\" column in the header row",
         "Giữ dòng tiêu đề như khi tệp được tạo; thêm lại cột \"{column}\".",
         "Keep the header row as it was made; add the \"{column}\" column back.",
         {"column": "Căn cứ"}),
    Spec("DG607", E, "\"{field}\" bị bỏ trống trên một dòng có nội dung thẩm định",
         "\"{field}\" is empty on a row with appraisal entries",
         "Điền lại mã như khi tệp được tạo, hoặc xoá nội dung đã nhập trên dòng.",
         "Put the code back as it was made, or clear what was entered on the row.",
         {"field": "Mã đơn vị"}),
    Spec("DG608", E, "\"{found}\" đọc được hai cách: {vi} (kiểu Việt Nam) hoặc {en} (kiểu Anh)",
         "\"{found}\" reads two ways: {vi} (Vietnamese) or {en} (English)",
         "Nhập dạng ô số, không phải chữ; nếu nhập chữ thì dùng dấu phẩy thập phân (2,5) và "
         "dấu chấm ngăn cách hàng nghìn (2.100).",
         "Enter a number cell, not text; as text, use a decimal comma (2,5) and dots between "
         "thousands (2.100).",
         {"found": "2,100", "vi": "2,1", "en": "2100"}),
    Spec("DG610", E, "đơn vị \"{code}\" không có trong kế hoạch",
         "unit \"{code}\" is not in the plan",
         "Sửa mã đơn vị như khi tệp được tạo, hoặc xoá nội dung đã nhập trên dòng.",
         "Put the unit code back as it was made, or clear what was entered on the row.",
         {"code": "TAMDAOO"}),
    Spec("DG611", E, "chỉ tiêu \"{code}\" không có trong kế hoạch",
         "indicator \"{code}\" is not in the plan",
         "Sửa mã chỉ tiêu như khi tệp được tạo, hoặc xoá nội dung đã nhập trên dòng.",
         "Put the indicator code back as it was made, or clear what was entered on the row.",
         {"code": "XD99"}),
    Spec("DG612", E, "chỉ tiêu \"{indicator}\" không được giao cho đơn vị \"{unit}\"",
         "indicator \"{indicator}\" is not assigned to unit \"{unit}\"",
         "Chỉ thẩm định chỉ tiêu đã giao: sửa mã đơn vị hoặc mã chỉ tiêu, hoặc xoá nội dung "
         "đã nhập trên dòng.",
         "Only assigned indicators are appraised: correct the unit or indicator code, or clear "
         "what was entered on the row.",
         {"indicator": "XD01", "unit": "SOYTE"}),
    Spec("DG613", E, "kết quả thẩm định chỉ tiêu \"{indicator}\" của đơn vị \"{unit}\" không có "
         "căn cứ",
         "the verified result of \"{indicator}\" for unit \"{unit}\" has no ground",
         "Ghi căn cứ ở cột \"Căn cứ\" (biên bản kiểm tra, số liệu, văn bản); kết quả thẩm định "
         "không có căn cứ không được dùng.",
         "Write its ground in the \"Căn cứ\" [Ground] column (an inspection record, figures, a "
         "document); a verified result without one is not used.",
         {"indicator": "XD01", "unit": "TAMDAO"}),
    Spec("DG614", W, "có căn cứ nhưng không có kết quả thẩm định chỉ tiêu \"{indicator}\" của "
         "đơn vị \"{unit}\": dùng kết quả báo cáo",
         "a ground but no verified result for \"{indicator}\" of unit \"{unit}\": the reported "
         "result is used",
         "Nhập kết quả thẩm định nếu cần sửa; nếu giữ kết quả báo cáo thì xoá căn cứ.",
         "Enter the verified result if it is to change; to keep the reported one, clear the "
         "ground.",
         {"indicator": "XD01", "unit": "TAMDAO"}),
    Spec("DG615", E, "kết quả thẩm định chỉ tiêu \"{indicator}\" của đơn vị \"{unit}\" phải là "
         "một số ≥ 0, gặp \"{found}\"",
         "the verified result of \"{indicator}\" for unit \"{unit}\" must be a number ≥ 0, "
         "found \"{found}\"",
         "Nhập một số: chỉ chữ số, không kèm chữ hay đơn vị tính, không công thức; dấu % chỉ "
         "dùng cho chỉ tiêu tính bằng %.",
         "Enter a number: digits only, no words, units or formula; a % sign only for an "
         "indicator measured in %.",
         {"indicator": "XD01", "unit": "TAMDAO", "found": "khoảng 50"}),
    Spec("DG616", E, "kết quả thẩm định chỉ tiêu \"{indicator}\" của đơn vị \"{unit}\" là số âm: "
         "\"{found}\"",
         "the verified result of \"{indicator}\" for unit \"{unit}\" is negative: \"{found}\"",
         "Nhập một số ≥ 0 (chỉ tiêu chiều Giảm: số thực tế xảy ra, 0 nếu không có).",
         "Enter a number ≥ 0 (a lower-is-better indicator: what happened, 0 if none).",
         {"indicator": "XD01", "unit": "TAMDAO", "found": "-3"}),
    Spec("DG617", E, "chỉ tiêu \"{indicator}\" là loại Đạt: kết quả thẩm định phải là Đạt hoặc "
         "Không đạt, gặp \"{found}\"",
         "indicator \"{indicator}\" is binary: the verified result must be Đạt [done] or "
         "Không đạt [not done], found \"{found}\"",
         "Chọn Đạt hoặc Không đạt trong danh sách của ô (hoặc nhập 1 hay 0).",
         "Pick Đạt or Không đạt from the cell's list (or type 1 or 0).",
         {"indicator": "CT03", "found": "Đạt một phần"}),
    Spec("DG618", E, "chỉ tiêu \"{indicator}\" của đơn vị \"{unit}\" được thẩm định hai lần (đã "
         "có ở {first_cell})",
         "indicator \"{indicator}\" of unit \"{unit}\" is appraised twice (first at {first_cell})",
         "Giữ một kết quả thẩm định, xoá kết quả ở dòng còn lại.",
         "Keep one verified result and clear the other row's.",
         {"indicator": "XD01", "unit": "TAMDAO", "first_cell": "H7"}),
    Spec("DG620", E, "\"{code}\" không phải mã đơn vị hay cán bộ trong kế hoạch",
         "\"{code}\" is neither a unit nor an official of the plan",
         "Sửa mã như khi tệp được tạo, hoặc xoá nội dung đã nhập trên dòng.",
         "Put the code back as it was made, or clear what was entered on the row.",
         {"code": "CB099"}),
    Spec("DG621", E, "tiêu chí \"{code}\" không có trong kế hoạch",
         "criterion \"{code}\" is not in the plan",
         "Sửa mã tiêu chí như khi tệp được tạo, hoặc xoá nội dung đã nhập trên dòng.",
         "Put the criterion code back as it was made, or clear what was entered on the row.",
         {"code": "TC99"}),
    Spec("DG622", E, "tiêu chí \"{criterion}\" không áp dụng cho {kind} \"{entity}\"",
         "criterion \"{criterion}\" does not apply to {kind} \"{entity}\"",
         "Chấm tiêu chí ở dòng của đúng đối tượng (xem cột Áp dụng cho của kế hoạch), hoặc "
         "xoá điểm đã nhập.",
         "Score the criterion on the row of an entity it applies to (see the plan's Applies "
         "to column), or clear the score.",
         {"criterion": "TC05", "kind": "tập thể", "entity": "TAMDAO"}),
    Spec("DG623", E, "điểm thẩm định {found} của tiêu chí \"{criterion}\" ({entity}) vượt điểm "
         "tối đa {max}",
         "the appraised score {found} of criterion \"{criterion}\" ({entity}) is above its max "
         "of {max}",
         "Nhập điểm từ 0 đến {max}.",
         "Enter a score from 0 to {max}.",
         {"found": "6", "criterion": "TC01", "entity": "CB001", "max": "5"}),
    Spec("DG624", E, "điểm thẩm định của tiêu chí \"{criterion}\" ({entity}) là số âm: "
         "\"{found}\"",
         "the appraised score of criterion \"{criterion}\" ({entity}) is negative: \"{found}\"",
         "Nhập điểm từ 0 đến {max}.",
         "Enter a score from 0 to {max}.",
         {"found": "-1", "criterion": "TC01", "entity": "CB001", "max": "5"}),
    Spec("DG625", E, "điểm thẩm định {found} của tiêu chí \"{criterion}\" ({entity}) không theo "
         "bước 0,25",
         "the appraised score {found} of criterion \"{criterion}\" ({entity}) is not in steps "
         "of 0.25",
         "Chấm theo bước 0,25 (ví dụ 2; 2,25; 2,5; 2,75).",
         "Score in steps of 0.25 (e.g. 2, 2.25, 2.5, 2.75).",
         {"found": "2,3", "criterion": "TC03", "entity": "CB001", "max": "2,5"}),
    Spec("DG626", E, "tiêu chí \"{criterion}\" ({entity}) chấm Đạt/Không: điểm phải là 0 hoặc "
         "{max}, gặp {found}",
         "criterion \"{criterion}\" ({entity}) is pass/fail: the score must be 0 or {max}, "
         "found {found}",
         "Chọn Đạt (đủ {max} điểm) hoặc Không đạt (0 điểm).",
         "Pick Đạt [done] (all {max} points) or Không đạt [not done] (0 points).",
         {"found": "3", "criterion": "TC02", "entity": "TAMDAO", "max": "5"}),
    Spec("DG627", E, "điểm thẩm định của tiêu chí \"{criterion}\" ({entity}) phải là một số, "
         "gặp \"{found}\"",
         "the appraised score of criterion \"{criterion}\" ({entity}) must be a number, found "
         "\"{found}\"",
         "Nhập điểm từ 0 đến {max} bằng chữ số, không kèm chữ, không công thức.",
         "Enter a score from 0 to {max} in digits, with no words and no formula.",
         {"found": "tốt", "criterion": "TC01", "entity": "CB001", "max": "5"}),
    Spec("DG628", E, "tiêu chí \"{criterion}\" của \"{entity}\" được chấm hai lần (đã có ở "
         "{first_cell})",
         "criterion \"{criterion}\" of \"{entity}\" is scored twice (first at {first_cell})",
         "Giữ một điểm thẩm định, xoá điểm ở dòng còn lại.",
         "Keep one appraised score and clear the other row's.",
         {"criterion": "TC01", "entity": "CB001", "first_cell": "H6"}),
    Spec("DG630", E, "\"{field}\" của \"{entity}\" phải là Có hoặc Không, gặp \"{found}\"",
         "\"{field}\" of \"{entity}\" must be Có [yes] or Không [no], found \"{found}\"",
         "Chọn \"Có\" hoặc \"Không\" trong danh sách của ô.",
         "Pick \"Có\" or \"Không\" from the cell's list.",
         {"field": "Kỷ luật", "entity": "CB001", "found": "khiển trách"}),
    Spec("DG631", E, "mức xếp loại \"{found}\" của \"{entity}\" không hợp lệ",
         "grade \"{found}\" of \"{entity}\" is not valid",
         "Chọn trong danh sách: HTXSNV, HTTNV, HTNV, KHTNV (hoặc ghi đúng tên đầy đủ, ví dụ "
         "\"Hoàn thành tốt nhiệm vụ\").",
         "Pick from the list: HTXSNV, HTTNV, HTNV, KHTNV (or write the full name exactly, "
         "e.g. \"Hoàn thành tốt nhiệm vụ\").",
         {"found": "HTTVN", "entity": "CB001"}),
    Spec("DG632", E, "quyết định xếp loại {grade} của \"{entity}\" không có căn cứ",
         "the decided grade {grade} of \"{entity}\" has no ground",
         "Ghi căn cứ ở cột \"Căn cứ\" (số, ngày văn bản hoặc biên bản họp); quyết định không có "
         "căn cứ không được dùng.",
         "Write its ground in the \"Căn cứ\" [Ground] column (the number and date of the "
         "decision or minutes); a decision without one is not used.",
         {"grade": "HTTNV", "entity": "CB001"}),
    Spec("DG633", E, "\"{entity}\" vừa không xếp loại ({reason}) vừa có quyết định xếp loại "
         "{grade}",
         "\"{entity}\" is both not graded ({reason}) and given the decided grade {grade}",
         "Giữ một trong hai: xoá lý do ở cột \"Không xếp loại\", hoặc xoá quyết định xếp loại.",
         "Keep one of the two: clear the \"Không xếp loại\" [Not graded] reason, or clear the "
         "decided grade.",
         {"entity": "CB001", "reason": "công tác dưới 2 tháng", "grade": "HTNV"}),
    Spec("DG634", E, "\"{field}\" chỉ dùng cho tập thể; \"{entity}\" là cá nhân",
         "\"{field}\" is for collectives only; \"{entity}\" is an individual",
         "Để trống ô này ở dòng của cá nhân; ghi ở dòng của đơn vị (tập thể).",
         "Leave this cell empty on an individual's row; record it on the unit's (collective's) "
         "row.",
         {"field": "Cấp dưới hoặc thành viên bị kỷ luật", "entity": "CB001"}),
    Spec("DG635", E, "\"{entity}\" có hai dòng điều kiện (đã có ở {first_cell})",
         "\"{entity}\" has two rows of conditions (first at {first_cell})",
         "Giữ một dòng cho mỗi tập thể hoặc cá nhân; xoá nội dung dòng còn lại.",
         "Keep one row per collective or individual; clear the other.",
         {"entity": "CB001", "first_cell": "A7"}),
    Spec("DG636", W, "có căn cứ nhưng không có quyết định xếp loại cho \"{entity}\": căn cứ bị "
         "bỏ qua",
         "a ground but no decided grade for \"{entity}\": the ground is ignored",
         "Chọn mức xếp loại đã quyết định, hoặc xoá căn cứ.",
         "Pick the decided grade, or clear the ground.",
         {"entity": "CB001"}),
    Spec("DG637", E, "\"{field}\" cần ghi lý do, gặp \"{found}\"",
         "\"{field}\" needs the reason in words, found \"{found}\"",
         "Ghi lý do không xếp loại (ví dụ: công tác dưới 2 tháng); để trống nếu có xếp loại.",
         "Write why it is not graded (e.g. under two months in post); leave it empty if "
         "graded.",
         {"field": "Không xếp loại", "found": "Có"}),
    # (end of DG601–DG639)
    # ------------------------------------------------------------------ reading score reports
    Spec("DG401", E, "không đọc được báo cáo: {reason}",
         "cannot read the report: {reason}",
         "Đưa vào báo cáo .xlsx do `dgsp score` tạo, hoặc tệp JSON của nó (--json).",
         "Give the .xlsx report made by `dgsp score`, or its JSON file (--json).",
         {"reason": "File is not a zip file"}),
    Spec("DG402", E, "sổ làm việc không có trang ẩn \"_dgsp\": không phải báo cáo do `dgsp score` tạo",
         "the workbook has no hidden \"_dgsp\" sheet: it is not a report made by `dgsp score`",
         "Đưa vào báo cáo do `dgsp score` tạo (không phải bản chép lại hay xuất từ Excel), "
         "hoặc tệp JSON của nó; chấm lại bằng `dgsp score` nếu cần.",
         "Give the report made by `dgsp score` (not a copy re-typed or exported from Excel), "
         "or its JSON file; score again with `dgsp score` if needed.",
         {}),
    Spec("DG403", E, "không phải kết quả của `dgsp score`: schema \"{found}\", cần \"{expected}\"",
         "not a result of `dgsp score`: schema \"{found}\", expected \"{expected}\"",
         "Tệp mẫu hay tệp đơn vị nộp (dgsp.template), kết quả `dgsp check`/`status` hay "
         "`dgsp compare` không so sánh được; đưa vào báo cáo của `dgsp score`.",
         "A unit template or return (dgsp.template), or the output of `dgsp check`, `status` "
         "or `compare`, cannot be compared; give a report of `dgsp score`.",
         {"found": "dgsp.template/1", "expected": "dgsp.score/2"}),
    Spec("DG404", E, "báo cáo do phiên bản dgsp mới hơn tạo (schema \"{found}\"); phiên bản này "
         "đọc \"{expected}\"",
         "the report was made by a newer dgsp (schema \"{found}\"); this version reads "
         "\"{expected}\"",
         "Cập nhật dgsp (pip install -U dgsp), hoặc so sánh các báo cáo cùng một phiên bản.",
         "Upgrade dgsp (pip install -U dgsp), or compare reports made by one version.",
         {"found": "dgsp.score/3", "expected": "dgsp.score/2"}),
    Spec("DG405", E, "bản sao kết quả trong trang ẩn bị thiếu: có {found} trong {expected} phần",
         "the hidden copy of the results is incomplete: {found} of {expected} parts",
         "Trang ẩn \"_dgsp\" đã bị sửa hoặc cắt bớt; chấm lại bằng `dgsp score --force`, "
         "hoặc đưa vào tệp JSON của báo cáo.",
         "The hidden \"_dgsp\" sheet was edited or cut; score again with `dgsp score --force`, "
         "or give the report's JSON file.",
         {"found": 2, "expected": 3}),
    Spec("DG406", E, "bản sao kết quả trong trang ẩn đã bị sửa (mã kiểm tra SHA-256 không khớp)",
         "the hidden copy of the results was altered (its SHA-256 checksum does not match)",
         "Không sửa tay báo cáo; chấm lại bằng `dgsp score --force`, hoặc đưa vào tệp JSON "
         "của báo cáo.",
         "Do not edit a report by hand; score again with `dgsp score --force`, or give the "
         "report's JSON file.",
         {}),
    Spec("DG407", E, "bản sao kết quả trong trang ẩn không phải JSON hợp lệ: {reason}",
         "the hidden copy of the results is not valid JSON: {reason}",
         "Chấm lại bằng `dgsp score --force`, hoặc đưa vào tệp JSON của báo cáo.",
         "Score again with `dgsp score --force`, or give the report's JSON file.",
         {"reason": "Unterminated string starting at: line 1 column 29988"}),
    Spec("DG408", E, "tệp không phải JSON hợp lệ: dòng {line}, cột {column}: {reason}",
         "the file is not valid JSON: line {line}, column {column}: {reason}",
         "Đưa vào đúng tệp do `dgsp score --json` ghi, không sửa.",
         "Give the file written by `dgsp score --json`, unchanged.",
         {"line": 12, "column": 5, "reason": "Expecting ',' delimiter"}),
    Spec("DG409", E, "nội dung báo cáo không đúng dạng {schema}: {field}: {reason}",
         "the report's content does not fit {schema}: {field}: {reason}",
         "Tạo lại báo cáo bằng `dgsp score`; không sửa tay báo cáo hay tệp JSON.",
         "Make the report again with `dgsp score`; do not edit a report or its JSON by hand.",
         {"schema": "dgsp.score/1", "field": "units.3.status", "reason": "Input should be "
          "'scored', 'rejected' or 'missing'"}),
    Spec("DG410", E, "không phải báo cáo của dgsp: không là sổ làm việc .xlsx, cũng không là JSON",
         "not a dgsp report: neither an .xlsx workbook nor JSON",
         "Đưa vào báo cáo .xlsx do `dgsp score` tạo, hoặc tệp JSON của nó (--json).",
         "Give the .xlsx report made by `dgsp score`, or its JSON file (--json).",
         {}),
    Spec("DG411", E, "{option} cần hai số cách nhau bởi dấu phẩy, ví dụ {example}; gặp \"{found}\"",
         "{option} takes two numbers separated by a comma, e.g. {example}; found \"{found}\"",
         "Viết số thập phân với dấu chấm (0.8,1.2) hoặc phần trăm (80%,120%).",
         "Write decimals with a dot (0.8,1.2) or percentages (80%,120%).",
         {"option": "--weights", "example": "0.8,1.2", "found": "0,8"}),
    Spec("DG412", E, "\"{path}\" là một trong các báo cáo cần so sánh; không ghi đè lên nó",
         "\"{path}\" is one of the reports to compare; it is not overwritten",
         "Chọn tên khác cho tệp so sánh (ví dụ so-sanh.xlsx).",
         "Choose another name for the comparison (e.g. compare.xlsx).",
         {"path": "bao-cao-2022.xlsx"}),
    # ------------------------------------------------------------------ comparing reports
    Spec("DG420", E, "\"{first}\" và \"{second}\" là cùng một báo cáo",
         "\"{first}\" and \"{second}\" are the same report",
         "Bỏ một trong hai tệp; chỉ đưa vào báo cáo của các năm hoặc các kỳ khác nhau.",
         "Leave one of them out; give only reports of different years or periods.",
         {"first": "bao-cao-2021.xlsx", "second": "bao-cao-2021 (1).xlsx"}),
    Spec("DG421", E,
         "báo cáo \"{report}\" không có đơn vị nào trùng mã với báo cáo \"{reference}\"",
         "the report \"{report}\" has no unit code in common with \"{reference}\"",
         "Chỉ so sánh báo cáo của cùng các đơn vị (ví dụ cùng một tỉnh qua các năm); "
         "kiểm tra đã chọn đúng tệp.",
         "Compare only reports on the same units (e.g. one province over the years); "
         "check the right files were given.",
         {"report": "bao-cao-ha-noi-2021.xlsx", "reference": "bao-cao-vinh-phuc-2022.xlsx"}),
    Spec("DG422", E, "báo cáo có hai đơn vị cùng mã \"{code}\"",
         "the report has two units with the code \"{code}\"",
         "Tạo lại báo cáo bằng `dgsp score`; không sửa tay tệp báo cáo.",
         "Make the report again with `dgsp score`; do not edit a report by hand.",
         {"code": "TAMDAO"}),
    Spec("DG423", E, "đơn vị \"{unit}\" có hạng {found} trong báo cáo, nhưng với {score} điểm thì "
         "xếp hạng {expected} trong nhóm \"{group}\"",
         "unit \"{unit}\" is ranked {found} in the report, but its score {score} ranks "
         "{expected} in the group \"{group}\"",
         "Báo cáo đã bị sửa sau khi chấm; tạo lại bằng `dgsp score`.",
         "The report was edited after scoring; make it again with `dgsp score`.",
         {"unit": "TAMDAO", "found": 3, "score": Decimal("91.5"), "expected": 2, "group": "Huyện"}),
    Spec("DG424", E, "nhóm \"{group}\": báo cáo giữ HTXSNV cho {found}, nhưng theo tỷ lệ xuất sắc "
         "(tối đa {seats}) và điểm số thì giữ cho {expected}",
         "group \"{group}\": the report keeps HTXSNV for {found}, but the quota ({seats} seats) "
         "and the scores keep it for {expected}",
         "Báo cáo đã bị sửa sau khi chấm; tạo lại bằng `dgsp score`.",
         "The report was edited after scoring; make it again with `dgsp score`.",
         {"group": "Huyện", "found": "TAMDAO, SONGLO", "seats": 1, "expected": "TAMDAO"}),
    Spec("DG425", E, "đơn vị \"{unit}\" ghi là đã chấm nhưng không có điểm",
         "unit \"{unit}\" is marked scored but has no score",
         "Tạo lại báo cáo bằng `dgsp score`; không sửa tay tệp báo cáo.",
         "Make the report again with `dgsp score`; do not edit a report by hand.",
         {"unit": "TAMDAO"}),
    Spec("DG426", E, "số lần chạy độ nhạy phải từ 1 đến {max}, gặp {runs}",
         "the number of sensitivity runs must be from 1 to {max}, found {runs}",
         "Dùng ví dụ --sensitivity 1000.",
         "Use e.g. --sensitivity 1000.",
         {"runs": 0, "max": 100000}),
    Spec("DG427", E, "khoảng hệ số trọng số [{low}; {high}] không hợp lệ (cần 0 < thấp ≤ cao)",
         "the weight factor range [{low}, {high}] is not valid (need 0 < low ≤ high)",
         "Dùng ví dụ từ 0,8 đến 1,2 (trọng số thay đổi ±20%).",
         "Use e.g. 0.8 to 1.2 (weights varied by ±20%).",
         {"low": Decimal("1.2"), "high": Decimal("0.8")}),
    Spec("DG428", E, "ngưỡng màu không hợp lệ: đỏ dưới {red_below}, xanh từ {green_from} "
         "(cần 0 ≤ đỏ ≤ xanh)",
         "the colour bands are not valid: red below {red_below}, green from {green_from} "
         "(need 0 ≤ red ≤ green)",
         "Ví dụ đỏ dưới 80%, xanh từ 100%.",
         "For example red below 80%, green from 100%.",
         {"red_below": Decimal("1.2"), "green_from": Decimal(1)}),
    Spec("DG429", E, "không có báo cáo nào",
         "no report given",
         "Đưa vào ít nhất một báo cáo do `dgsp score` tạo (tệp .xlsx hoặc .json).",
         "Give at least one report made by `dgsp score` (its .xlsx or .json).",
         {}),
    # DG430–DG434: the rounds of a year (score --previous, and dgsp year; issue 11)
    Spec("DG430", E, "báo cáo là của năm {year}, không phải năm {expected} như {other}",
         "the report is of {year}, not {expected} as {other} is",
         "Chỉ đưa vào các báo cáo các kỳ của cùng một năm.",
         "Give only the reports of the rounds of one year.",
         {"year": 2025, "expected": 2026, "other": "q4/report.json"}),
    Spec("DG431", E, "báo cáo kỳ {period} không phải một quý trước kỳ {expected}",
         "the report of {period} is not a quarter before {expected}",
         "Chỉ đưa vào --previous các báo cáo của những quý trước quý đang chấm.",
         "Give --previous only the reports of the quarters before the one being scored.",
         {"period": "Q3", "expected": "Q2"}),
    Spec("DG432", E, "hai báo cáo của cùng kỳ {period} (cùng với {other})",
         "two reports of the same period {period} (with {other})",
         "Giữ một báo cáo cho mỗi kỳ: báo cáo cuối cùng đã công bố.",
         "Keep one report per period: the last one published.",
         {"period": "Q1", "other": "q1/report.json"}),
    Spec("DG433", E, "báo cáo không có đơn vị nào chung với {other}: là của một kế hoạch khác",
         "the report shares no unit with {other}: it is of another plan",
         "Chỉ đưa vào các báo cáo các kỳ của cùng một kế hoạch (cùng các đơn vị được đánh giá).",
         "Give only the reports of the rounds of one plan (the same units evaluated).",
         {"other": "q4/report.json"}),
    Spec("DG434", E, "--previous chỉ dùng cho một kỳ đánh giá quý",
         "--previous is only for a quarter's round",
         "Bỏ --previous, hoặc chấm theo kế hoạch của một quý (Kỳ đánh giá: Quý I…IV).",
         "Drop --previous, or score with a quarter's plan (Kỳ đánh giá: Quý I…IV).",
         {}),
    Spec("DG435", W, "kế hoạch {period} có chỉ tiêu năm nhưng không có báo cáo các quý trước "
         "({earlier}): không tính lũy kế năm",
         "the {period} plan has annual targets but no report of the quarters before it "
         "({earlier}): the year to date is not computed",
         "Chấm lại với --previous và các báo cáo (hoặc tệp JSON) của {earlier} để có trang "
         "Lũy kế.",
         "Score again with --previous and the reports (or JSON) of {earlier} to get the Year "
         "to date sheet.",
         {"period": "Q3", "earlier": "Q1, Q2"}),
    # ------------------------------------------------------------------ scoring with the appraisal
    Spec("DG640", W, "\"{entity}\": tiêu chí chung {criteria} chưa được chấm (tự đánh giá hay thẩm "
         "định), được tính 0 điểm",
         "\"{entity}\": general criteria {criteria} were scored neither by the self-assessment nor "
         "by the appraisal, and count 0 points",
         "Đề nghị đơn vị tự chấm trong trang Tự đánh giá, hoặc chấm ở trang Tiêu chí chung của tệp "
         "thẩm định (--appraisal).",
         "Ask the unit to score them in its Tự đánh giá sheet, or score them in the Tiêu chí chung "
         "sheet of the appraisal workbook (--appraisal).",
         {"entity": "TAMDAO-BT", "criteria": "CN05, CN06"}),
    Spec("DG641", W, "nhóm \"{group}\": sau quyết định xếp loại có {count} HTXSNV, nhiều hơn số "
         "tối đa {seats} theo tỷ lệ xuất sắc",
         "group \"{group}\": after the decided grades {count} are HTXSNV, more than its {seats} "
         "seats under the excellent quota",
         "Xem lại các Quyết định xếp loại trong trang Điều kiện của tệp thẩm định; nếu đúng, ghi rõ "
         "căn cứ vượt tỷ lệ.",
         "Review the decided grades in the Điều kiện sheet of the appraisal workbook; if they "
         "stand, state the ground for exceeding the quota.",
         {"group": "Huyện", "seats": 1, "count": 2}),
    Spec("DG642", W, "quyết định xếp loại cho \"{entity}\" không được áp dụng: không có kết quả "
         "được chấm ({status})",
         "the decided grade of \"{entity}\" is not applied: it has no scored result ({status})",
         "Nhận và chấm kết quả của đơn vị trước, hoặc bỏ quyết định này khỏi trang Điều kiện.",
         "Receive and score the unit's return first, or remove this decision from the Điều kiện "
         "sheet.",
         {"entity": "TAMDAO", "status": "missing"}),
]

CATALOGUE: dict[str, Spec] = {s.code: s for s in _SPECS}
assert len(CATALOGUE) == len(_SPECS), "duplicate problem code"


def _render(template: str, params: dict, lang: str) -> str:
    """Fill a template in ``lang``: Decimal parameters are written the reader's way
    (vi 2.100,5; en 2,100.5), and :class:`~dgsp.labels.Term` parameters in its words."""
    from decimal import Decimal

    from dgsp.labels import Term
    from dgsp.text import format_number

    def show(v: object) -> object:
        if isinstance(v, Term):
            return v.render(lang)
        return format_number(v, lang) if isinstance(v, Decimal) else v

    shown = {k: show(v) for k, v in params.items()}
    try:
        return template.format(**shown)
    except (KeyError, IndexError, ValueError):  # a missing parameter must never hide a problem
        return template


def render_message(problem: Problem, lang: str = "vi") -> str:
    spec = CATALOGUE[problem.code]
    return _render(spec.vi if lang == "vi" else spec.en, problem.params, lang)


def render_hint(problem: Problem, lang: str = "vi") -> str:
    spec = CATALOGUE[problem.code]
    return _render(spec.hint_vi if lang == "vi" else spec.hint_en, problem.params, lang)


def describe(problem: Problem, lang: str = "vi", cells: Sequence[str] = ()) -> str:
    """One line for a terminal: ``file › sheet!cell: [DG113] message``; given the ``cells`` of
    the same problem repeated (:func:`collapse`), ``file › sheet!H11:H28: [DG210 × 18] …``."""
    if len(cells) > 1:
        where = " › ".join(p for p in (problem.file, place(problem, cells)) if p)
        text = f"[{problem.code} × {len(cells)}] {problem.message(lang)}"
    else:
        where = problem.where()
        text = f"[{problem.code}] {problem.message(lang)}"
    return f"{where}: {text}" if where else text


def place(problem: Problem, cells: Sequence[str] = ()) -> str:
    """``sheet!cells`` of a problem: its own cell, or the ranges of the ``cells`` it stands at
    repeated (:func:`collapse`); no file."""
    return problem.at(cell_ranges(cells) if cells else None)


def collapse(problems: Sequence[Problem], lang: str = "vi"
             ) -> list[tuple[Problem, list[str]]]:
    """The problems with the same code, file, sheet, unit and message (in ``lang``) as one,
    with the cells they stand at, in the order each first appears: an unfilled template is one
    line, not 18. A problem without a cell stands alone."""
    out: list[tuple[Problem, list[str]]] = []
    index: dict[tuple, int] = {}
    for p in problems:
        if not p.cell:
            out.append((p, []))
            continue
        key = (p.code, p.file, p.sheet, p.unit, p.message(lang))
        if key in index:
            out[index[key]][1].append(p.cell)
        else:
            index[key] = len(out)
            out.append((p, [p.cell]))
    return out


def cell_ranges(cells: Sequence[str]) -> str:
    """``H11, H12, …, H28, K3`` → ``H11:H28, K3``: runs of one column, in the order given."""
    runs: list[list[tuple[str, int]]] = []
    for cell in cells:
        m = _CELL.fullmatch(cell)
        if m is None:
            runs.append([(cell, -1)])
            continue
        col, row = m.group(1), int(m.group(2))
        last = runs[-1][-1] if runs else None
        if last is not None and last[1] >= 0 and _CELL.fullmatch(last[0]).group(1) == col \
                and row == last[1] + 1:
            runs[-1].append((cell, row))
        else:
            runs.append([(cell, row)])
    return ", ".join(r[0][0] if len(r) == 1 else f"{r[0][0]}:{r[-1][0]}" for r in runs)


class DgspError(Exception):
    """Raised by the library when it cannot go on; carries the problems found.

    The CLI turns it into messages and an exit code (2 for a bad plan, bad
    arguments or an unwritable output). The library itself never prints.
    """

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(describe(p, "en") for p in self.problems))


class PlanError(DgspError):
    """The plan workbook has errors: nothing is written."""


class AppraisalError(DgspError):
    """The appraisal workbook has errors: nothing is scored or written (it is the Board's
    own document, like the plan, and is never applied in part)."""


class CompareError(DgspError):
    """Score reports cannot be compared (the same report twice, no common unit, …)."""


class OutputError(DgspError):
    """An output cannot be written (exists without --force, or unwritable)."""


def unwritable(path, exc: OSError) -> Problem:
    """DG302: ``path`` could not be written, and why (the system's words)."""
    from dgsp.labels import os_reason

    return Problem("DG302", {"path": str(path), "reason": os_reason(exc)},
                   file=str(path))


class ReportError(DgspError):
    """A file given to ``dgsp compare`` is not a score report this dgsp can read."""
