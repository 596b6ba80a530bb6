"""Every user-visible word, in Vietnamese (default) and English.

Readers accept either language: a header matches when it folds (see
:func:`dgsp.text.fold`) to either the Vietnamese word or its English alias.
Writers use one language, chosen by ``--lang`` or ``DGSP_LANG``.
"""

from __future__ import annotations

import errno
import os

from dgsp.model import Direction, Grade, Plan

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
    # --- plan workbook: what a value must be (the {expected} of DG105/DG110)
    "expect.year": ("số nguyên (năm, ví dụ 2025)", "a whole number (the year, e.g. 2025)"),
    "expect.date": ("ngày dạng dd/mm/yyyy", "a date, dd/mm/yyyy"),
    "expect.positive": ("số > 0", "a number > 0"),
    "expect.non_negative": ("số ≥ 0", "a number ≥ 0"),
    "expect.cap": ("≥ 100%", "≥ 100%"),
    "expect.outlier": ("số > 1", "a number > 1"),
    "expect.share": ("trong khoảng 0–100%", "between 0% and 100%"),
    # --- plan workbook: the Hướng dẫn sheet (written by dgsp.plan.write_plan)
    "plan.guide.title": ("Hướng dẫn lập kế hoạch giao chỉ tiêu và đánh giá bằng sản phẩm",
                         "How to write the plan: targets and evaluation by products"),
    "plan.guide.intro": (
        "Tệp này là kế hoạch của một đợt đánh giá. Điền các trang Thông tin, Đơn vị, Chỉ tiêu, "
        "Giao chỉ tiêu (và Xếp loại nếu cần đổi ngưỡng), rồi chạy \"dgsp assign\" để tạo mẫu "
        "cho từng đơn vị; sau đó \"dgsp score\" chấm điểm các mẫu đơn vị gửi lại.",
        "This file is the plan of one evaluation round. Fill in the Info, Units, Indicators and "
        "Targets sheets (and Grades to change the thresholds), then run \"dgsp assign\" to make "
        "one template per unit; \"dgsp score\" then scores the templates the units send back."),
    "plan.guide.match": (
        "Giữ tên trang tính và dòng tiêu đề. Được đổi thứ tự cột, thêm cột riêng (bị bỏ qua), "
        "thêm dòng tiêu đề phía trên bảng. Tên trang và tiêu đề cột không phân biệt hoa thường, "
        "có dấu hay không dấu (\"Ma don vi\" = \"Mã đơn vị\"), và nhận cả tên tiếng Anh.",
        "Keep the sheet names and header rows. Columns may be reordered, extra columns are "
        "ignored, and a title block may sit above a table. Sheet names and headers ignore case "
        "and Vietnamese diacritics, and the Vietnamese names are accepted too."),
    "plan.guide.item": ("Mục", "Item"),
    "plan.guide.meaning": ("Cách điền", "How to fill in"),
    "plan.guide.info": ("Mỗi dòng một mục: tên mục ở cột A, giá trị ở cột B.",
                        "One item per row: its name in column A, its value in column B."),
    "plan.guide.info.title": ("tên đợt đánh giá, in trên mẫu và báo cáo.",
                              "the round's title, printed on templates and reports."),
    "plan.guide.info.year": ("bắt buộc; số nguyên, ví dụ 2025.",
                             "required; a whole number, e.g. 2025."),
    "plan.guide.info.issued_by": ("cơ quan giao chỉ tiêu, ví dụ Ban Thường vụ Tỉnh ủy.",
                                  "the issuing body, e.g. the provincial Party Standing Committee."),
    "plan.guide.info.deadline": ("hạn đơn vị gửi lại kết quả, dạng ngày dd/mm/yyyy.",
                                 "when units must send their results back, a date dd/mm/yyyy."),
    "plan.guide.info.max_points": ("thang điểm; mặc định 100 (Quy định 366-QĐ/TW).",
                                   "the scale; default 100 (Regulation 366-QĐ/TW)."),
    "plan.guide.info.quota": (
        "số đơn vị được giữ mức Hoàn thành xuất sắc tối đa bằng tỷ lệ này nhân với số đơn vị "
        "xếp từ Hoàn thành tốt trở lên, tính trong từng nhóm so sánh; mặc định 20% (Nghị định "
        "335/2025/NĐ-CP). Để trống hoặc 0 là không áp tỷ lệ xuất sắc.",
        "at most this share of the units rated good or better keep the excellent grade, within "
        "each peer group; default 20% (Decree 335/2025/NĐ-CP). Empty or 0 means no quota."),
    "plan.guide.units": ("Mỗi dòng một đơn vị được đánh giá.", "One row per evaluated unit."),
    "plan.guide.units.code": (
        "bắt buộc, không trùng; chỉ chữ không dấu, chữ số, \"-\" và \"_\", tối đa 32 ký tự. "
        "Là tên tệp mẫu của đơn vị.",
        "required, unique; unaccented letters, digits, \"-\" and \"_\" only, at most 32 "
        "characters. It names the unit's template file."),
    "plan.guide.units.name": ("bắt buộc.", "required."),
    "plan.guide.units.group": (
        "bắt buộc; chỉ các đơn vị cùng nhóm mới được xếp hạng và tính tỷ lệ xuất sắc với "
        "nhau (ví dụ: Huyện, Sở, Khối Đảng).",
        "required; only units of the same group are ranked and share the excellent quota "
        "(e.g. District, Department)."),
    "plan.guide.units.heads": (
        "không bắt buộc; nhiều người cách nhau bằng dấu \";\", ví dụ: Nguyễn Văn A - Bí thư; "
        "Trần Thị B - Chủ tịch UBND.",
        "optional; separate several names with \";\", e.g. Nguyễn Văn A - Party secretary; "
        "Trần Thị B - People's Committee chair."),
    "plan.guide.indicators": ("Mỗi dòng một chỉ tiêu.", "One row per indicator."),
    "plan.guide.indicators.code": ("bắt buộc, không trùng.", "required, unique."),
    "plan.guide.indicators.task_group": ("nhóm nhiệm vụ, để gom chỉ tiêu trên mẫu và báo cáo.",
                                         "the task group, to group indicators on templates "
                                         "and reports."),
    "plan.guide.indicators.name": ("bắt buộc.", "required."),
    "plan.guide.indicators.measure": ("ví dụ: người, tổ chức, %, vụ.",
                                      "e.g. people, organisations, %, cases."),
    "plan.guide.indicators.direction": (
        "Tăng: càng cao càng tốt. Giảm: càng thấp càng tốt (tai nạn, tỷ lệ hộ nghèo, hồ sơ trễ "
        "hạn). Đạt: hoàn thành hay không. Để trống là Tăng.",
        "higher: more is better. lower: less is better (accidents, poverty rate, overdue files). "
        "binary: done or not done. Empty means higher."),
    "plan.guide.indicators.weight": ("trọng số, số > 0; mặc định 1.",
                                     "the weight, a number > 0; default 1."),
    "plan.guide.indicators.outlier": (
        "kết quả dưới 1/F hoặc trên F lần chỉ tiêu giao được cảnh báo để kiểm tra lại "
        "(F > 1); mặc định 20.",
        "a result below 1/F or above F times its target is flagged for a second look (F > 1); "
        "default 20."),
    "plan.guide.indicators.cap": (
        "tỷ lệ đạt tối đa được tính điểm, ≥ 100%; mặc định 100%. Trần 120%: vượt đến 20% vẫn "
        "được cộng điểm.",
        "the highest achievement ratio that earns points, ≥ 100%; default 100%. A 120% cap "
        "rewards exceeding by up to 20%."),
    "plan.guide.indicators.additive": (
        "Có hoặc Không: số liệu toàn tỉnh có cộng chỉ tiêu và kết quả của các đơn vị hay không; "
        "mặc định Có, riêng chỉ tiêu Đạt mặc định Không.",
        "Yes or No: whether province totals add up the units' targets and results; default Yes, "
        "except for binary indicators."),
    "plan.guide.targets": (
        "Chọn một trong hai dạng. Dạng dọc: mỗi dòng một cặp đơn vị, chỉ tiêu. Dạng ma trận như "
        "phụ lục quyết định: cột Mã chỉ tiêu, rồi mỗi đơn vị một cột có tiêu đề là mã đơn vị "
        "(các cột như Tên chỉ tiêu được bỏ qua). Ô trống là không giao.",
        "Use either layout. Long: one row per unit and indicator. Matrix, like a decision's "
        "appendix: an Indicator code column, then one column per unit headed by the unit code "
        "(columns such as Indicator name are ignored). An empty cell means not assigned."),
    "plan.guide.targets.unit": ("mã đơn vị, phải có trên trang Đơn vị.",
                                "a unit code from the Units sheet."),
    "plan.guide.targets.indicator": ("mã chỉ tiêu, phải có trên trang Chỉ tiêu.",
                                     "an indicator code from the Indicators sheet."),
    "plan.guide.targets.value": (
        "số ≥ 0. Chiều Tăng phải > 0; chiều Giảm giao 0 nghĩa là không để xảy ra; chiều Đạt "
        "ghi \"Đạt\". Mỗi đơn vị được giao ít nhất một chỉ tiêu, mỗi cặp chỉ giao một lần.",
        "a number ≥ 0. Higher targets must be > 0; a lower target of 0 means zero tolerance; "
        "binary targets are \"Done\". Every unit needs a target; each pair is assigned once."),
    "plan.guide.targets.note": ("không bắt buộc.", "optional."),
    "plan.guide.grades": (
        "Không bắt buộc. Mỗi dòng một mức; ô trống lấy giá trị mặc định của mức đó. Mặc định "
        "theo Điều 11 Quy định 366-QĐ/TW: HTXSNV từ 90 điểm, đạt 100% chỉ tiêu và vượt ít nhất "
        "30% số chỉ tiêu; HTTNV từ 70 điểm và đạt 100%; HTNV từ 50 điểm và đạt ít nhất 80%; "
        "còn lại là KHTNV. Ngưỡng điểm phải giảm dần.",
        "Optional. One row per grade; an empty cell takes that grade's default. Defaults from "
        "Regulation 366-QĐ/TW Art. 11: HTXSNV from 90 points with 100% of indicators achieved "
        "and at least 30% exceeded; HTTNV from 70 with 100% achieved; HTNV from 50 with at "
        "least 80% achieved; otherwise KHTNV. Thresholds must descend."),
    "plan.guide.conventions": ("Quy ước nhập số", "Numbers and percentages"),
    "plan.guide.percent": (
        "Tỷ lệ (tỷ lệ xuất sắc, trần, tỷ lệ đạt, tỷ lệ vượt) nhập dạng ô phần trăm (30%) hoặc chữ "
        "\"30%\"; số thường được hiểu là phân số: 0,3 là 30%, 1,2 là 120%.",
        "Percentages (quota, caps, shares) are percentage cells (30%) or text such as \"30%\"; "
        "a plain number is a fraction: 0.3 is 30%, 1.2 is 120%."),
    "plan.guide.numbers": (
        "Nhập số dạng số. Nếu nhập dạng chữ: dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân "
        "(\"2.100\" là hai nghìn một trăm; \"2,5\" là hai phẩy năm).",
        "Enter numbers as numbers. Text is read the Vietnamese way: \".\" groups thousands and "
        "\",\" marks decimals (\"2.100\" is two thousand one hundred)."),
    "plan.guide.scoring": ("Cách chấm điểm", "How scoring works"),
    "plan.guide.scoring.ratio": (
        "Tỷ lệ đạt r (a: kết quả, t: chỉ tiêu giao). Tăng: r = a/t. Giảm: r = 2 − a/t (không "
        "âm); nếu t = 0 thì r = 100% khi a = 0, ngược lại 0. Đạt: r = 100% hoặc 0. Đạt khi "
        "r ≥ 100%, vượt khi r > 100% (chỉ tiêu Đạt không tính vượt).",
        "Achievement ratio r (a: result, t: target). higher: r = a/t. lower: r = 2 − a/t (not "
        "below 0); with t = 0, r = 100% when a = 0, otherwise 0. binary: r = 100% or 0. "
        "Achieved when r ≥ 100%, exceeded when r > 100% (never for binary)."),
    "plan.guide.scoring.score": (
        "Điểm chỉ tiêu = trọng số × min(r, trần). Tổng điểm = điểm tối đa × tổng điểm chỉ tiêu "
        "÷ tổng trọng số, làm tròn 2 chữ số thập phân.",
        "Points = weight × min(r, cap). Score = max points × total points ÷ total weight, "
        "rounded half-up to 2 decimals."),
    "plan.guide.scoring.grade": (
        "Xếp loại theo trang Xếp loại; sau đó áp tỷ lệ xuất sắc trong từng nhóm so sánh "
        "(đơn vị vượt tỷ lệ xuất sắc được hạ xuống HTTNV, có ghi chú) và xếp hạng theo tổng điểm.",
        "Grades follow the Grades sheet; then the excellent quota applies within each peer "
        "group (units over the quota become HTTNV, with a note), and units are ranked by score."),
    "plan.guide.next": (
        "Kiểm tra và tạo mẫu: dgsp assign <tệp kế hoạch> --out <thư mục>. Mọi lỗi được liệt "
        "kê kèm trang tính và ô cần sửa.",
        "Check the plan and make the templates: dgsp assign <plan file> --out <folder>. Every "
        "problem is listed with the sheet and cell to fix."),
    # --- plan workbook: Quy định 366 extensions (officials, general criteria, deadlines)
    "sheet.criteria": ("Tiêu chí chung", "General criteria"),
    "sheet.officials": ("Cán bộ", "Officials"),
    "info.general_points": ("Điểm tiêu chí chung", "General points"),
    "info.quota_base": ("Cơ sở tính tỷ lệ xuất sắc", "Quota base"),
    "info.seat_rounding": ("Làm tròn số lượng xuất sắc", "Seat rounding"),
    "info.period": ("Kỳ đánh giá", "Period"),
    "info.parent_body": ("Cơ quan cấp trên", "Parent body"),
    "info.place": ("Địa danh", "Place"),
    "info.doc_style": ("Kiểu văn bản", "Document style"),
    "info.authority": ("Quyền hạn ký", "Signing authority"),
    "info.signer_title": ("Chức vụ người ký", "Signatory's title"),
    "info.signer": ("Người ký", "Signatory"),
    "doc_style.party": ("Đảng", "Party"),
    "doc_style.state": ("Nhà nước", "State"),
    "expect.doc_style": ("\"Đảng\" hoặc \"Nhà nước\"", "\"Đảng\" [Party] or \"Nhà nước\" [State]"),
    "period.year": ("Năm", "Year"),
    "period.Q1": ("Quý I", "Q1"),
    "period.Q2": ("Quý II", "Q2"),
    "period.Q3": ("Quý III", "Q3"),
    "period.Q4": ("Quý IV", "Q4"),
    "period.round.year": ("cả năm", "the whole year"),  # a round in a sentence (DG279)
    "period.of_year": ("{period} năm {year}", "{period} {year}"),
    "expect.period": ("\"Năm\", \"Quý I\", \"Quý II\", \"Quý III\" hoặc \"Quý IV\" (cũng nhận Q1…Q4, "
                      "Quý 1…Quý 4)",
                      "\"Năm\" [Year], or a quarter: \"Quý I\"…\"Quý IV\", Q1…Q4, Quý 1…Quý 4"),
    "col.criterion_code": ("Mã tiêu chí", "Criterion code"),
    "col.criterion_group": ("Nhóm", "Group"),
    "col.criterion_name": ("Tên tiêu chí", "Criterion name"),
    "col.max_points": ("Điểm tối đa", "Max points"),
    "col.scoring": ("Cách chấm", "Scoring"),
    "col.applies_to": ("Áp dụng cho", "Applies to"),
    "col.official_code": ("Mã cán bộ", "Official code"),
    "col.full_name": ("Họ và tên", "Full name"),
    "col.position": ("Chức vụ", "Position"),
    "col.due": ("Hạn hoàn thành", "Due date"),
    "col.critical": ("Chỉ tiêu cơ bản", "Critical"),
    "col.late_deduction": ("Trừ khi chậm", "Late deduction"),
    "col.max_behind": ("Tỷ lệ chậm tối đa", "Max behind share"),
    "quota_base.good_or_better": ("HTTNV trở lên", "HTTNV or better"),
    "quota_base.good": ("HTTNV", "HTTNV"),
    "rounding.floor": ("Làm tròn xuống", "Round down"),
    "rounding.half_up": ("Làm tròn", "Round half up"),
    "scoring.binary": ("Đạt/Không", "Pass/Fail"),
    "scoring.scale": ("Thang điểm", "Scale"),
    "applies.collective": ("Tập thể", "Collective"),
    "applies.individual": ("Cá nhân", "Individual"),
    "applies.both": ("Cả hai", "Both"),
    "expect.general_points": ("số ≥ 0 và nhỏ hơn Điểm tối đa",
                              "a number ≥ 0 and below Max points"),
    "expect.criterion_points": ("số > 0, bội số của 0,25 (ví dụ 2,5)",
                                "a number > 0, a multiple of 0.25 (e.g. 2.5)"),
    "expect.quota_base": ("\"HTTNV trở lên\" hoặc \"HTTNV\"",
                          "\"HTTNV trở lên\" [HTTNV or better] or \"HTTNV\""),
    "expect.seat_rounding": ("\"Làm tròn xuống\" hoặc \"Làm tròn\"",
                             "\"Làm tròn xuống\" [Round down] or \"Làm tròn\" [Round half up]"),
    "expect.scoring": ("\"Đạt/Không\" hoặc \"Thang điểm\"",
                       "\"Đạt/Không\" [Pass/Fail] or \"Thang điểm\" [Scale]"),
    "expect.applies_to": ("\"Tập thể\", \"Cá nhân\" hoặc \"Cả hai\"",
                          "\"Tập thể\" [Collective], \"Cá nhân\" [Individual] or \"Cả hai\" [Both]"),
    # the Hướng dẫn sheet: the extensions
    "plan.guide.info.general_points": (
        "G, số điểm của nhóm tiêu chí chung (Quy định 366-QĐ/TW: 30 trên 100); phần kết quả "
        "thực hiện nhiệm vụ là Điểm tối đa − G. Số ≥ 0 và nhỏ hơn Điểm tối đa; mặc định 0 "
        "(chỉ chấm kết quả thực hiện chỉ tiêu). Khi G > 0 phải có trang Tiêu chí chung.",
        "G, the points of the general criteria (Regulation 366-QĐ/TW: 30 of 100); the task "
        "results are worth Max points − G. A number ≥ 0 and below Max points; default 0 (task "
        "results only). With G > 0 the General criteria sheet is required."),
    "plan.guide.info.quota_base": (
        "tỷ lệ xuất sắc tính trên số được xếp \"HTTNV trở lên\" (mặc định) hay chỉ trên số "
        "xếp \"HTTNV\", trước khi áp tỷ lệ xuất sắc.",
        "whether the excellent quota is a share of those graded \"HTTNV trở lên\" [HTTNV or "
        "better] (the default) or of those graded \"HTTNV\" only, before the quota."),
    "plan.guide.info.seat_rounding": (
        "số HTXSNV tối đa = tỷ lệ xuất sắc × số tính ở trên, \"Làm tròn xuống\" (mặc định) hoặc "
        "\"Làm tròn\" (từ 0,5 trở lên làm tròn lên).",
        "seats = quota × the count above, \"Làm tròn xuống\" [Round down] (the default) or "
        "\"Làm tròn\" [Round half up]."),
    "plan.guide.info.period": (
        "\"Năm\" (mặc định) cho đợt đánh giá năm, hoặc \"Quý I\"…\"Quý IV\" cho một đợt đánh giá "
        "quý: khi đó chỉ tiêu giao là mốc của quý.",
        "\"Năm\" [Year] (the default) for the year's round, or \"Quý I\"…\"Quý IV\" [Q1…Q4] for "
        "a quarter's round, whose targets are then that quarter's milestones."),
    "plan.guide.criteria": (
        "Không bắt buộc khi Điểm tiêu chí chung là 0. Mỗi dòng một tiêu chí chung. Tỉnh tự quy "
        "định bộ tiêu chí của mình; bộ có sẵn trong mẫu trống chỉ là gợi ý (cá nhân theo Mẫu 01 "
        "Nghị định 335/2025/NĐ-CP: 5 + 5; 4 × 2,5; 4 × 2,5; tập thể theo tiêu chí chung của "
        "Quy định 366-QĐ/TW). Tổng Điểm tối đa của các tiêu chí áp dụng cho tập thể phải bằng "
        "Điểm tiêu chí chung; nếu có trang Cán bộ thì tổng của các tiêu chí áp dụng cho cá nhân "
        "cũng vậy. Kế hoạch không có trang Cán bộ chỉ cần bộ tiêu chí cho tập thể.",
        "Optional when General points is 0. One row per general criterion. The province sets "
        "its own criteria; the sets in the blank are only a suggestion (individuals after Form "
        "01 of Decree 335/2025/NĐ-CP: 5 + 5; 4 × 2.5; 4 × 2.5; collectives after the general "
        "criteria of Regulation 366-QĐ/TW). The max points of the criteria applying to "
        "collectives must add up to General points; with an Officials sheet, so must those "
        "applying to individuals. A plan without an Officials sheet needs only the collective "
        "set."),
    "plan.guide.criteria.code": ("bắt buộc, không trùng.", "required, unique."),
    "plan.guide.criteria.group": ("nhóm tiêu chí, ví dụ: Phẩm chất chính trị, đạo đức.",
                                  "the group of criteria, e.g. Political quality and ethics."),
    "plan.guide.criteria.name": ("bắt buộc.", "required."),
    "plan.guide.criteria.max_points": ("bắt buộc; số > 0, bội số của 0,25 (ví dụ 5 hoặc 2,5).",
                                       "required; a number > 0, a multiple of 0.25 (e.g. 5 or "
                                       "2.5)."),
    "plan.guide.criteria.scoring": (
        "Đạt/Không: đủ điểm hoặc 0. Thang điểm: từ 0 đến điểm tối đa, mỗi bậc 0,25. Để trống "
        "là Thang điểm.",
        "Đạt/Không [Pass/Fail]: full points or 0. Thang điểm [Scale]: 0 to max, in steps of "
        "0.25. Empty means Scale."),
    "plan.guide.criteria.applies_to": (
        "Tập thể, Cá nhân, hoặc Cả hai (cũng ghi được \"Tập thể; Cá nhân\"); để trống là cả hai.",
        "Tập thể [Collective], Cá nhân [Individual] or Cả hai [Both] (also \"Tập thể; Cá "
        "nhân\"); empty means both."),
    "plan.guide.officials": (
        "Không bắt buộc. Mỗi dòng một cán bộ được đánh giá, xếp loại như một cá nhân: dùng "
        "kết quả thực hiện nhiệm vụ của đơn vị mình, cộng điểm tiêu chí chung của riêng mình. "
        "Khi có trang này, mỗi đơn vị được đánh giá như một tập thể.",
        "Optional. One row per official graded as an individual: their unit's task results, "
        "plus their own general criteria. With this sheet, every unit is graded as a "
        "collective."),
    "plan.guide.officials.code": (
        "bắt buộc; như mã đơn vị (chữ không dấu, chữ số, \"-\", \"_\", tối đa 32 ký tự), không "
        "trùng với mã cán bộ khác hay mã đơn vị nào (không phân biệt hoa thường).",
        "required; like a unit code (unaccented letters, digits, \"-\", \"_\", at most 32 "
        "characters), different from every other official code and every unit code (ignoring "
        "case)."),
    "plan.guide.officials.name": ("bắt buộc.", "required."),
    "plan.guide.officials.position": ("ví dụ: Bí thư Đảng ủy, Chủ tịch UBND xã.",
                                      "e.g. Party secretary, People's Committee chair."),
    "plan.guide.officials.unit": ("bắt buộc; mã đơn vị trên trang Đơn vị.",
                                  "required; a unit code from the Units sheet."),
    "plan.guide.officials.group": (
        "để trống là nhóm của đơn vị. Cán bộ chỉ được xếp hạng với cán bộ cùng nhóm, nên có "
        "thể đặt nhóm riêng cho Bí thư, cho Chủ tịch.",
        "empty means the unit's group. Officials are ranked only among officials of the same "
        "group, so secretaries and chairs may get groups of their own."),
    "plan.guide.indicators.critical": (
        "Có hoặc Không; mặc định Không. Chỉ tiêu cơ bản về kinh tế - xã hội (Điều 11 Quy định "
        "366-QĐ/TW): không đạt thì xếp Không hoàn thành nhiệm vụ.",
        "Yes or No; default No. A basic socio-economic target (Regulation 366-QĐ/TW Art. 11): "
        "not achieving it means KHTNV."),
    "plan.guide.indicators.late_deduction": (
        "tỷ lệ điểm bị trừ khi nhiệm vụ loại Đạt hoàn thành sau hạn, 0–100%; mặc định 0% "
        "(Nghị định 335/2025/NĐ-CP dùng 25%).",
        "the share of a binary task's points taken off when it is done after its due date, "
        "0–100%; default 0% (Decree 335/2025/NĐ-CP uses 25%)."),
    "plan.guide.targets.due": (
        "không bắt buộc, chỉ ở dạng dọc và chỉ cho chỉ tiêu loại Đạt: ngày dd/mm/yyyy. Đơn vị "
        "ghi ngày hoàn thành; hoàn thành sau hạn là chậm tiến độ. Dạng ma trận không có hạn "
        "hoàn thành.",
        "optional, in the long layout only, for binary indicators only: a date dd/mm/yyyy. "
        "The unit gives its completion date; done after it is late. The matrix layout has no "
        "due dates."),
    "plan.guide.grades.max_behind": (
        "tỷ lệ tối đa số nhiệm vụ chậm (chưa đạt, hoặc hoàn thành sau hạn), 0–100%; để trống "
        "là mặc định: HTXSNV và HTTNV 0%, HTNV 20%.",
        "the highest share of tasks behind (not achieved, or done late), 0–100%; empty means "
        "the default: HTXSNV and HTTNV 0%, HTNV 20%."),
    "plan.guide.scoring.general": (
        "Khi có tiêu chí chung (G > 0): tổng điểm = điểm tiêu chí chung + (Điểm tối đa − G) × "
        "tổng điểm chỉ tiêu ÷ tổng trọng số.",
        "With general criteria (G > 0): score = general points + (Max points − G) × total "
        "points ÷ total weight."),
    # the blank's suggested criteria (Nghị định 335/2025/NĐ-CP Mẫu 01; Quy định 366-QĐ/TW)
    "blank.group.individual_1": ("I. Phẩm chất chính trị, đạo đức, ý thức kỷ luật",
                                 "I. Political quality, ethics and discipline"),
    "blank.group.individual_2": ("II. Năng lực, trách nhiệm, thái độ phục vụ",
                                 "II. Capacity, responsibility and service"),
    "blank.group.individual_3": ("III. Đổi mới, sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm",
                                 "III. Innovation, initiative and accountability"),
    "blank.group.collective": ("Tiêu chí chung của tập thể", "General criteria of a collective"),
    "blank.criterion.CN01": ("Phẩm chất chính trị, tư tưởng, đạo đức, lối sống, văn hóa công vụ",
                             "Political quality and ideology, ethics, lifestyle, public-service "
                             "culture"),
    "blank.criterion.CN02": ("Ý thức tổ chức kỷ luật, chấp hành kỷ luật, kỷ cương hành chính",
                             "Sense of organisation and discipline, administrative discipline"),
    "blank.criterion.CN03": ("Năng lực chuyên môn, nghiệp vụ", "Professional capacity"),
    "blank.criterion.CN04": ("Khả năng đáp ứng yêu cầu nhiệm vụ thường xuyên và đột xuất",
                             "Ability to meet routine and unexpected tasks"),
    "blank.criterion.CN05": ("Tinh thần trách nhiệm trong thực hiện nhiệm vụ",
                             "Sense of responsibility in carrying out tasks"),
    "blank.criterion.CN06": ("Thái độ phục vụ Nhân dân, doanh nghiệp; tinh thần phối hợp",
                             "Attitude in serving people and businesses; cooperation"),
    "blank.criterion.CN07": ("Đổi mới, sáng tạo trong thực hiện nhiệm vụ",
                             "Innovation in carrying out tasks"),
    "blank.criterion.CN08": ("Sẵn sàng nhận nhiệm vụ khó, phức tạp",
                             "Readiness to take on difficult, complex tasks"),
    "blank.criterion.CN09": ("Dám nghĩ, dám làm, dám chịu trách nhiệm",
                             "Daring to think, act and take responsibility"),
    "blank.criterion.CN10": ("Chủ động đề xuất, quyết định công việc trong phạm vi được giao",
                             "Initiative in proposing and deciding within one's remit"),
    "blank.criterion.TT01": ("Lãnh đạo, chỉ đạo thực hiện nhiệm vụ; giữ gìn đoàn kết nội bộ",
                             "Leadership and direction of tasks; internal unity"),
    "blank.criterion.TT02": ("Chấp hành nguyên tắc tổ chức, quy chế làm việc, kỷ luật, kỷ cương",
                             "Observing organisational principles, working rules and discipline"),
    "blank.criterion.TT03": ("Không có tổ chức, cá nhân thuộc quyền vi phạm đến mức bị xử lý "
                             "kỷ luật; phòng, chống tham nhũng, lãng phí, tiêu cực",
                             "No subordinate body or person disciplined; prevention of "
                             "corruption, waste and misconduct"),
    # the annual targets of a quarterly plan (issue 11): a column, or a second matrix sheet
    "sheet.annual_targets": ("Chỉ tiêu năm", "Annual targets"),
    "col.annual_target": ("Chỉ tiêu năm", "Annual target"),
    "plan.guide.targets.annual": (
        "không bắt buộc, chỉ cho kế hoạch quý: chỉ tiêu của cả năm (chỉ tiêu giao là mốc của "
        "quý), để theo dõi lũy kế đến nay; ghi như chỉ tiêu giao. Dạng dọc: cột Chỉ tiêu năm. "
        "Dạng ma trận: trang riêng \"Chỉ tiêu năm\", cùng dạng với trang Giao chỉ tiêu (cột "
        "Mã chỉ tiêu, rồi mỗi đơn vị một cột đề mã đơn vị). Chỉ ghi cho đơn vị và chỉ tiêu đã "
        "có chỉ tiêu giao.",
        "optional, for a quarter's plan only: the whole year's target (the target is the "
        "quarter's milestone), for progress to date; written like a target. Long layout: the "
        "Annual target column. Matrix layout: a sheet of its own, \"Chỉ tiêu năm\" [Annual "
        "targets], shaped like the Targets sheet (an Indicator code column, then one column per "
        "unit headed by its code). Only for a unit and indicator that has a target."),
    # (end of plan 366 block)
    # --- unit template and intake: self-assessment and completion dates
    "tpl.col.due": ("Hạn hoàn thành", "Due date"),
    "tpl.col.completed": ("Ngày hoàn thành", "Completion date"),
    "tpl.dv.date": ("Nhập ngày hoàn thành dạng dd/mm/yyyy, ví dụ 15/03/2025.",
                    "Enter the completion date as dd/mm/yyyy, e.g. 15/03/2025."),
    "tpl.instruction.due": (
        "Chỉ nhập vào các ô màu vàng ở cột \"Kết quả thực hiện\", \"Ngày hoàn thành\" và "
        "\"Ghi chú/Minh chứng\"; không sửa, thêm, xoá hay đổi thứ tự các dòng.",
        "Fill in only the yellow cells in the \"Result\", \"Completion date\" and "
        "\"Note/Evidence\" columns; do not edit, add, delete or reorder rows."),
    "tpl.instruction.self": ("Điền cả trang \"Tự đánh giá\".",
                             "Fill in the \"Self-assessment\" sheet too."),
    "tpl.guide.due": (
        "Nhiệm vụ có \"Hạn hoàn thành\": nếu đã hoàn thành (chọn \"Đạt\"), nhập ngày hoàn "
        "thành vào cột \"Ngày hoàn thành\" dạng dd/mm/yyyy (ví dụ 15/03/2025). Hoàn thành sau "
        "hạn là chậm tiến độ. Để trống ô này nếu nhiệm vụ chưa hoàn thành.",
        "Tasks with a \"Due date\": if done (\"Done\"), enter the day it was done in the "
        "\"Completion date\" column as dd/mm/yyyy (e.g. 15/03/2025). Done after the due date is "
        "late. Leave the cell empty if the task is not done."),
    "tpl.guide.self": (
        "Trang \"Tự đánh giá\": mỗi khối là một đối tượng đơn vị tự chấm (tập thể đơn vị, rồi "
        "từng cán bộ), mỗi dòng một tiêu chí chung. Nhập điểm vào cột \"Điểm tự đánh giá\". Tiêu "
        "chí \"Đạt/Không\": chọn \"Đạt\" (đủ điểm tối đa) hoặc \"Không đạt\" (0 điểm) trong danh "
        "sách. Tiêu chí \"Thang điểm\": nhập số từ 0 đến điểm tối đa, bước 0,25 (ví dụ 2,25). "
        "Ô để trống là chưa tự đánh giá.",
        "\"Self-assessment\" sheet: each block is one entity the unit assesses (the unit as a "
        "collective, then each official), one row per general criterion. Enter the score in the "
        "\"Self-score\" column. \"Pass/fail\" criteria: pick \"Done\" (full points) or "
        "\"Not done\" (0 points) from the list. \"Scale\" criteria: a number from 0 to the "
        "maximum, in steps of 0.25 (e.g. 2.25). An empty cell means not assessed."),
    "sheet.self": ("Tự đánh giá", "Self-assessment"),
    "self.title": ("Tự đánh giá theo tiêu chí chung năm {year}",
                   "Self-assessment against the general criteria, {year}"),
    "self.instruction": (
        "Chỉ nhập vào các ô màu vàng ở cột \"Điểm tự đánh giá\"; không sửa, thêm, xoá hay đổi "
        "thứ tự các dòng và các khối.",
        "Fill in only the yellow cells in the \"Self-score\" column; do not edit, add, delete or "
        "reorder rows or blocks."),
    "self.collective": ("Tập thể", "Collective"),
    "self.individual": ("Cá nhân", "Individual"),
    "self.col.code": ("Mã tiêu chí", "Criterion code"),
    "self.col.group": ("Nhóm", "Group"),
    "self.col.name": ("Tên tiêu chí", "Criterion"),
    "self.col.scoring": ("Cách chấm", "Scoring"),
    "self.col.max": ("Điểm tối đa", "Max points"),
    "self.col.score": ("Điểm tự đánh giá", "Self-score"),
    "self.scoring.binary": ("Đạt/Không", "Pass/fail"),
    "self.scoring.scale": ("Thang điểm", "Scale"),
    "self.dv.binary": ("Chọn \"Đạt\" (đủ điểm tối đa) hoặc \"Không đạt\" (0 điểm) trong danh "
                       "sách.",
                       "Pick \"Done\" (full points) or \"Not done\" (0 points) from the list."),
    "self.dv.scale": ("Nhập điểm từ 0 đến {max}, bước 0,25 (ví dụ 2,25).",
                      "Enter a score from 0 to {max}, in steps of 0.25 (e.g. 2.25)."),
    "completed.not_done": ("nhiệm vụ báo \"Không đạt\"", "the task is reported not done"),
    "completed.no_due": ("nhiệm vụ không có hạn hoàn thành", "the task has no due date"),
    # (end of self-assessment block)
    # --- appraisal workbook (thẩm định)
    "appr.sheet.results": ("Thẩm định kết quả", "Verified results"),
    "appr.sheet.criteria": ("Tiêu chí chung", "General criteria"),
    "appr.sheet.conditions": ("Điều kiện", "Conditions"),
    "appr.col.reported": ("Kết quả báo cáo", "Reported result"),
    "appr.col.verified": ("Kết quả thẩm định", "Verified result"),
    "appr.col.ground": ("Căn cứ", "Ground"),
    "appr.col.entity_code": ("Mã đơn vị/cán bộ", "Unit/official code"),
    "appr.col.entity_name": ("Tên đơn vị/Họ và tên", "Name"),
    "appr.col.kind": ("Loại", "Kind"),
    "appr.col.criterion_code": ("Mã tiêu chí", "Criterion code"),
    "appr.col.criterion_name": ("Tên tiêu chí", "Criterion"),
    "appr.col.max": ("Điểm tối đa", "Max points"),
    "appr.col.self_score": ("Điểm tự đánh giá", "Self-score"),
    "appr.col.appraised": ("Điểm thẩm định", "Appraised score"),
    "appr.col.disciplined": ("Kỷ luật", "Disciplined"),
    "appr.col.remedied": ("Khắc phục hạn chế", "Shortcomings remedied"),
    "appr.col.sub_disciplined": ("Cấp dưới hoặc thành viên bị kỷ luật",
                                 "Sub-unit or member disciplined"),
    "appr.col.not_graded": ("Không xếp loại", "Not graded"),
    "appr.col.decision": ("Quyết định xếp loại", "Decided grade"),
    "appr.kind.collective": ("Tập thể", "Collective"),
    "appr.kind.individual": ("Cá nhân", "Individual"),
    "appr.kind.a_collective": ("tập thể", "the collective"),
    "appr.kind.an_individual": ("cá nhân", "the individual"),
    "appr.title": ("{sheet}: {title}", "{sheet}: {title}"),
    "appr.untitled": ("đánh giá năm {year}", "evaluation of {year}"),
    "appr.intro.results": (
        "Chỉ nhập vào các ô màu vàng. Khi kết quả đã kiểm tra khác với kết quả đơn vị báo cáo, "
        "nhập kết quả thẩm định và ghi căn cứ (bắt buộc); để trống nếu giữ kết quả báo cáo.",
        "Type only into the yellow cells. Where the checked result differs from the one the "
        "unit reported, enter the verified result and its ground (required); leave both empty "
        "to keep the reported result."),
    "appr.intro.criteria": (
        "Chỉ nhập vào các ô màu vàng. Điểm thẩm định thay cho điểm tự đánh giá: từ 0 đến điểm "
        "tối đa, bước 0,25; tiêu chí chấm Đạt/Không: Đạt (đủ điểm) hoặc Không đạt (0). Để trống "
        "thì dùng điểm tự đánh giá.",
        "Type only into the yellow cells. An appraised score replaces the self-score: 0 to the "
        "max, in steps of 0.25; a pass/fail criterion: Done (full points) or Not done (0). Leave "
        "it empty to use the self-score."),
    "appr.intro.conditions": (
        "Chỉ nhập vào các ô màu vàng. Đã điền sẵn: không bị kỷ luật, đã khắc phục hạn chế. Không "
        "xếp loại: ghi lý do. Quyết định xếp loại của cấp có thẩm quyền phải có căn cứ.",
        "Type only into the yellow cells. Pre-filled: not disciplined, shortcomings remedied. "
        "Not graded: write the reason. A grade decided by the competent level needs its ground."),
    "appr.dv.number": ("Nhập một số ≥ 0: chỉ chữ số, không kèm chữ hay đơn vị tính.",
                       "Enter a number ≥ 0: digits only, no words or units."),
    "appr.dv.binary": ("Chọn \"Đạt\" hoặc \"Không đạt\" trong danh sách.",
                       "Pick \"Done\" or \"Not done\" from the list."),
    "appr.dv.score": ("Nhập điểm từ 0 đến điểm tối đa của dòng, bước 0,25.",
                      "Enter a score from 0 to the row's max points, in steps of 0.25."),
    "appr.dv.binary_score": ("Chọn \"Đạt\" (đủ điểm) hoặc \"Không đạt\" (0 điểm).",
                             "Pick \"Done\" (full points) or \"Not done\" (0 points)."),
    "appr.dv.yes_no": ("Chọn \"Có\" hoặc \"Không\".", "Pick \"Yes\" or \"No\"."),
    "appr.dv.grade": ("Chọn mức xếp loại do cấp có thẩm quyền quyết định; để trống nếu không có.",
                      "Pick the grade the competent level decided; leave it empty if none."),
    "appr.guide.title": ("Hướng dẫn thẩm định kết quả đánh giá năm {year}",
                         "How to fill in the appraisal of {year}"),
    "appr.guide.intro": (
        "Theo Quy định 366-QĐ/TW, đơn vị tự đánh giá; Ban Tổ chức (hoặc Hội đồng Tư vấn đánh "
        "giá) thẩm định; cấp có thẩm quyền quyết định xếp loại. Tệp này ghi kết quả thẩm định: "
        "kết quả thực hiện đã kiểm tra lại, điểm tiêu chí chung, các điều kiện xếp loại và quyết "
        "định của cấp có thẩm quyền. \"dgsp score --appraisal\" dùng tệp này khi chấm; ô nào để "
        "trống thì giữ số liệu đơn vị tự báo cáo.",
        "Under Quy định 366-QĐ/TW the unit assesses itself, the Organisation Board (or its "
        "advisory council) appraises, and the competent level decides the grade. This file holds "
        "the appraisal: results checked again, general criteria scored, the grade conditions and "
        "the competent level's decisions. \"dgsp score --appraisal\" uses it; an empty cell keeps "
        "what the unit reported."),
    "appr.guide.cells": (
        "Chỉ nhập vào các ô màu vàng; các ô khác đã khoá. Mã, tên, chỉ tiêu giao, kết quả báo "
        "cáo và điểm tự đánh giá chỉ để đối chiếu: dgsp lấy chúng từ kế hoạch và tệp của đơn vị, "
        "không từ tệp này. Không đổi tên trang tính, tiêu đề cột hay mã ở các dòng.",
        "Type only into the yellow cells; the others are locked. Codes, names, targets, reported "
        "results and self-scores are there to compare with: dgsp takes them from the plan and "
        "the units' files, never from this file. Do not rename sheets, headers or the codes of "
        "the rows."),
    "appr.guide.returns": (
        "Kết quả báo cáo và điểm tự đánh giá được lấy từ {count} tệp đơn vị gửi.",
        "The reported results and self-scores come from {count} returned files."),
    "appr.guide.no_returns": (
        "Tệp được tạo khi chưa đọc tệp đơn vị gửi: cột kết quả báo cáo và điểm tự đánh giá để "
        "trống.",
        "Made before any return was read: the reported results and self-scores are empty."),
    "appr.guide.results": ("Mỗi dòng là một chỉ tiêu đã giao cho một đơn vị.",
                           "One row per unit and assigned indicator."),
    "appr.guide.results.reported": (
        "Kết quả đơn vị tự báo cáo (khoá).",
        "The result the unit reported (locked)."),
    "appr.guide.results.verified": (
        "Kết quả đã kiểm tra lại, khi khác kết quả báo cáo: thay cho kết quả báo cáo khi chấm. "
        "Chỉ tiêu chiều Đạt: chọn Đạt hoặc Không đạt. Chỉ tiêu tính bằng %: nhập như ở mẫu của "
        "đơn vị (92 là 92%). Để trống nếu giữ kết quả báo cáo.",
        "The result checked again, where it differs from the reported one: it replaces it in "
        "scoring. A binary indicator: pick Done or Not done. An indicator in %: type it as in the "
        "unit's template (92 is 92%). Leave it empty to keep the reported result."),
    "appr.guide.results.ground": (
        "Bắt buộc khi có kết quả thẩm định: biên bản kiểm tra, số liệu thống kê, văn bản làm căn "
        "cứ.",
        "Required with a verified result: the inspection record, statistics or document it "
        "rests on."),
    "appr.guide.criteria": (
        "Mỗi dòng là một tiêu chí chung áp dụng cho một tập thể (đơn vị) hoặc một cá nhân (cán "
        "bộ của đơn vị).",
        "One row per collective (unit) or individual (official of the unit) and general "
        "criterion that applies."),
    "appr.guide.criteria.self": ("Điểm đơn vị hoặc cán bộ tự chấm (khoá).",
                                 "The score the unit or official gave itself (locked)."),
    "appr.guide.criteria.appraised": (
        "Điểm do Ban chấm, dùng thay cho điểm tự đánh giá: từ 0 đến điểm tối đa, bước 0,25. "
        "Tiêu chí chấm Đạt/Không: chọn Đạt (đủ điểm) hoặc Không đạt (0), hoặc nhập 0 hay điểm "
        "tối đa. Để trống thì dùng điểm tự đánh giá.",
        "The Board's score, used over the self-score: 0 to the max, in steps of 0.25. A "
        "pass/fail criterion: pick Done (full points) or Not done (0), or type 0 or the max. "
        "Leave it empty to use the self-score."),
    "appr.guide.criteria.note": ("Nhận xét hoặc lý do (không bắt buộc).",
                                 "A remark or the reason (optional)."),
    "appr.guide.conditions": (
        "Mỗi dòng là một tập thể hoặc cá nhân. Đã điền sẵn trường hợp không có gì phải ghi: "
        "không bị kỷ luật, đã khắc phục hạn chế.",
        "One row per collective or individual, pre-filled as \"nothing found\": not "
        "disciplined, shortcomings remedied."),
    "appr.guide.conditions.disciplined": (
        "Có: bị kỷ luật từ khiển trách trở lên trong năm. Xếp loại Không hoàn thành nhiệm vụ "
        "(Quy định 366, Điều 11).",
        "Yes: disciplined (reprimand or above) in the year. Graded KHTNV (Quy định 366, "
        "Art. 11)."),
    "appr.guide.conditions.remedied": (
        "Không: chưa khắc phục hết hạn chế đã chỉ ra ở kỳ đánh giá trước. Xếp loại cao nhất là "
        "Hoàn thành tốt nhiệm vụ.",
        "No: not every shortcoming of the last review was remedied. At most HTTNV."),
    "appr.guide.conditions.sub_disciplined": (
        "Chỉ với tập thể. Có: đơn vị cấp dưới hoặc thành viên lãnh đạo bị kỷ luật. Xếp loại cao "
        "nhất là Hoàn thành tốt nhiệm vụ.",
        "Collectives only. Yes: a sub-unit or a member of the leadership was disciplined. At "
        "most HTTNV."),
    "appr.guide.conditions.not_graded": (
        "Ghi lý do nếu không xếp loại (ví dụ: công tác dưới 2 tháng); để trống nếu có xếp loại.",
        "The reason, if not graded (for example, under two months in post); empty if graded."),
    "appr.guide.conditions.decision": (
        "Mức xếp loại do cấp có thẩm quyền quyết định, nếu khác kết quả chấm: HTXSNV, HTTNV, "
        "HTNV hoặc KHTNV. Thay cho xếp loại tính được, sau khi áp tỷ lệ xuất sắc.",
        "The grade the competent level decided, where it differs from the one scored: HTXSNV, "
        "HTTNV, HTNV or KHTNV. It replaces the grade, after the excellent quota."),
    "appr.guide.conditions.ground": (
        "Bắt buộc khi có quyết định xếp loại: số, ngày văn bản hoặc biên bản họp.",
        "Required with a decided grade: the number and date of the decision or of the minutes."),
    "appr.guide.numbers.head": ("Nhập số", "Numbers"),
    "appr.guide.numbers": (
        "Nhập số như bình thường trong Excel. Nếu nhập dạng chữ: dấu chấm ngăn cách hàng nghìn, "
        "dấu phẩy thập phân (\"2.100\" là hai nghìn một trăm; \"2,5\" là hai phẩy năm).",
        "Enter numbers as numbers. Text is read the Vietnamese way: \".\" groups thousands and "
        "\",\" marks decimals (\"2.100\" is two thousand one hundred; \"2,5\" is two and a half)."),
    "appr.guide.next": (
        "Chấm điểm: dgsp score <tệp kế hoạch> <thư mục kết quả> --appraisal <tệp này>. Mọi lỗi "
        "được liệt kê kèm trang tính và ô cần sửa; tệp này không bị sửa.",
        "Score: dgsp score <plan file> <returns folder> --appraisal <this file>. Every problem "
        "is listed with the sheet and cell to fix; this file is never modified."),
    "skip.output.appraisal": ("tệp thẩm định do dgsp tạo, không phải tệp kết quả",
                              "an appraisal workbook made by dgsp, not a return"),
    # (end of appraisal block)
    # --- grades: reasons in words (scoring conditions)
    "reason.met": ("Theo điểm và chỉ tiêu: đủ điều kiện {grade} (điểm {score}; {achieved}/{assigned} "
                   "chỉ tiêu đạt, {exceeded} vượt)",
                   "By points and targets: meets {grade} (score {score}; {achieved}/{assigned} "
                   "indicators achieved, {exceeded} exceeded)"),
    "reason.below_score": ("Điểm {score} < {min} (ngưỡng {grade})", "Score {score} < {min} ({grade} threshold)"),
    "reason.below_achieved": ("{count}/{assigned} chỉ tiêu đạt ({share}) < {limit} (ngưỡng {grade})",
                              "{count}/{assigned} indicators achieved ({share}) < {limit} "
                              "({grade} threshold)"),
    "reason.below_exceeded": ("{count}/{assigned} chỉ tiêu vượt ({share}) < {limit} (ngưỡng {grade})",
                              "{count}/{assigned} indicators exceeded ({share}) < {limit} "
                              "({grade} threshold)"),
    "reason.over_behind": ("{count}/{assigned} nhiệm vụ chậm tiến độ hoặc không đạt ({share}) > "
                           "{limit} (ngưỡng {grade})",
                           "{count}/{assigned} tasks behind schedule or not achieved ({share}) > "
                           "{limit} ({grade} threshold)"),
    "reason.no_tasks": ("Không được giao chỉ tiêu nào", "No indicator assigned"),
    "reason.not_graded": ("Không xếp loại: {reason}", "Not graded: {reason}"),
    "reason.disciplined": ("Bị kỷ luật trong năm: KHTNV", "Disciplined in the year: KHTNV"),
    "reason.critical_missed": ("Không đạt chỉ tiêu cơ bản {indicators}: KHTNV",
                               "Basic target not achieved ({indicators}): KHTNV"),
    "reason.not_remedied": ("Chưa khắc phục hết hạn chế: tối đa {grade}",
                            "Shortcomings not all remedied: at most {grade}"),
    "reason.sub_disciplined": ("Có cấp dưới hoặc thành viên bị kỷ luật: tối đa {grade}",
                               "A sub-unit or leadership member disciplined: at most {grade}"),
    "reason.unit_ceiling": ("Không cao hơn xếp loại của đơn vị ({grade})",
                            "Not above the unit's grade ({grade})"),
    "reason.quota": ("Hạ xuống HTTNV do tỷ lệ xuất sắc: nhóm {group} được tối đa {seats} HTXSNV",
                     "Lowered to HTTNV by the excellent quota: group {group} may have at most "
                     "{seats} HTXSNV"),
    "reason.quota_tied": ("Hạ xuống HTTNV do tỷ lệ xuất sắc: nhóm {group} được tối đa {seats} "
                          "HTXSNV, {tied} bằng điểm nhau ({score} điểm) ở vị trí cuối nên cùng "
                          "hạ",
                          "Lowered to HTTNV by the excellent quota: group {group} has {seats} "
                          "HTXSNV seat(s), and {tied} tie ({score} points) across the last one, "
                          "so all are lowered"),
    "reason.decided": ("Cấp có thẩm quyền quyết định {grade} (căn cứ: {ground})",
                       "Decided {grade} by the competent level (ground: {ground})"),
    # (end of reasons block)
    # --- dgsp year: the year workbook and the year phiếu
    "reason.too_few_quarters": ("Chỉ được xếp loại {count} quý (cần ít nhất {min})",
                                "Graded in only {count} quarter(s) (at least {min} needed)"),
    "reason.quarters_not_graded": ("{periods}: {reason}", "{periods}: {reason}"),
    "reason.no_year_round": ("Không có kỳ đánh giá năm (cách tính: điểm kỳ năm)",
                             "No year round (rule: the year round's score)"),
    "reason.quarter_failed": ("Có quý không hoàn thành nhiệm vụ ({quarters}): tối đa {grade} "
                              "(theo điểm: {was})",
                              "A quarter graded KHTNV ({quarters}): at most {grade} "
                              "(by points: {was})"),
    "year.title": ("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM {year} (TỪ CÁC QUÝ)",
                   "EVALUATION AND GRADING OF THE YEAR {year} (FROM THE QUARTERS)"),
    "year.rule.mean": ("Điểm năm: trung bình cộng điểm các quý được xếp loại",
                       "Annual score: the mean of the graded quarters' scores"),
    "year.rule.final": ("Điểm năm: điểm của kỳ đánh giá năm",
                        "Annual score: the score of the year round"),
    "year.sheet.summary": ("Tổng hợp năm", "Year summary"),
    "year.sheet.quarters": ("Theo quý", "By quarter"),
    "year.sheet.flags": ("Cảnh báo", "Flags"),
    "year.sheet.quota": ("Tỷ lệ xuất sắc", "Quota"),
    "year.section.units": ("Tập thể – nhóm {group}", "Collectives – group {group}"),
    "year.section.officials": ("Cá nhân – nhóm {group}", "Officials – group {group}"),
    "year.kind.units": ("Tập thể", "Collective"),
    "year.kind.officials": ("Cá nhân", "Official"),
    "year.col.kind": ("Loại", "Kind"),
    "year.col.code": ("Mã", "Code"),
    "year.col.name": ("Tên", "Name"),
    "year.col.unit": ("Đơn vị", "Unit"),
    "year.col.annual": ("Điểm năm", "Annual score"),
    "year.col.grade": ("Xếp loại năm", "Year grade"),
    "year.col.lowered": ("Hạ do tỷ lệ xuất sắc", "Lowered by quota"),
    "year.col.reasons": ("Lý do", "Reasons"),
    "year.col.excellent_quarters": ("Số quý HTXSNV", "HTXSNV quarters"),
    "year.col.flag": ("Cảnh báo", "Flag"),
    "year.col.quarters": ("Xếp loại các quý", "Quarters' grades"),
    "year.col.seats": ("Số HTXSNV tối đa", "HTXSNV seats"),
    "year.col.eligible": ("Đủ điều kiện HTXSNV", "Eligible for HTXSNV"),
    "year.col.kept": ("Giữ HTXSNV", "Kept HTXSNV"),
    "year.col.lowered_to": ("Hạ xuống HTTNV", "Lowered to HTTNV"),
    "year.col.period": ("Kỳ", "Round"),
    "year.col.score": ("Điểm", "Score"),
    "year.col.round_grade": ("Xếp loại", "Grade"),
    "year.col.round_note": ("Ghi chú", "Note"),
    "year.col.fingerprint": ("Mã kiểm tra kế hoạch", "Plan fingerprint"),
    "year.period.year": ("Kỳ năm", "Year round"),
    "year.not_counted_note": ("* Điểm của quý không xếp loại: không tính vào điểm năm.",
                         "* The score of a quarter not graded: not counted in the annual score."),
    "year.heading": ("{sheet} – năm {year}", "{sheet} – {year}"),
    "year.yes": ("Có", "Yes"),
    "year.not_in_round": ("Không có trong kỳ", "Not in the round"),
    "year.not_counted": ("không tính vào điểm năm", "not counted in the annual score"),
    "year.no_flags": ("Không có cảnh báo", "No flags"),
    "year.phieu.title": ("PHIẾU ĐÁNH GIÁ, XẾP LOẠI NĂM {year}",
                         "YEAR EVALUATION AND GRADING SHEET {year}"),
    "year.phieu.name": ("Tên", "Name"),
    "year.phieu.rounds": ("I. KẾT QUẢ CÁC KỲ ĐÁNH GIÁ", "I. THE ROUNDS"),
    "year.phieu.result": ("II. KẾT QUẢ NĂM", "II. THE YEAR"),
    "year.phieu.how": ("Cách tính", "How"),
    "year.phieu.how.mean": ("Trung bình cộng điểm của {count} quý được xếp loại: {terms} = {score}",
                            "The mean of the {count} graded quarters: {terms} = {score}"),
    "year.phieu.how.final": ("Điểm của kỳ đánh giá năm", "The year round's score"),
    "year.phieu.how.none": ("Không có điểm năm", "No annual score"),
    # (end of year block)
    "sheet.to_date": ("Lũy kế", "Year to date"),
    "todate.col.to_date": ("Lũy kế đến nay", "To date"),
    "todate.col.share": ("Tỷ lệ so với chỉ tiêu năm", "Share of the annual target"),
    "todate.col.elapsed": ("Thời gian đã qua", "Share of the year gone"),
    "todate.col.pace": ("Tiến độ", "Pace"),
    "todate.col.rounds": ("Số kỳ", "Rounds"),
    "pace.on_track": ("Đúng tiến độ", "On track"),
    "pace.behind": ("Chậm", "Behind"),
    "pace.at_risk": ("Có nguy cơ không đạt", "At risk"),
    "cli.at_risk": ("{period}: có nguy cơ không đạt chỉ tiêu năm (trang Lũy kế):",
                    "{period}: at risk of missing the annual target (sheet Year to date):"),
    "cli.at_risk_unit": ("  {unit}: {items}", "  {unit}: {items}"),
    "cli.appraisal_wrote": ("Đã ghi tệp thẩm định {path}: {units} đơn vị, {officials} cán bộ; "
                            "mang số liệu báo cáo của {carried} đơn vị.",
                            "Wrote the appraisal workbook {path}: {units} units, {officials} "
                            "officials; carrying the reported figures of {carried} units."),
    # --- report and phiếu: officials, general criteria, appraisal
    "rep.marker.not_appraised": (
        "Kết quả chưa thẩm định: chấm trên số liệu đơn vị tự báo cáo và tự đánh giá",
        "Not appraised: scored on the results and self-assessments the units reported"),
    "rep.marker.appraised": (
        "Đã thẩm định: chấm trên kết quả và điểm tiêu chí chung sau thẩm định",
        "Appraised: scored on the verified results and the appraised general criteria"),
    "rep.sheet.officials": ("Cán bộ", "Officials"),
    "rep.sheet.appraisal": ("Thẩm định", "Appraisal"),
    "rep.officials.title": ("TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ {when}",
                            "EVALUATION OF OFFICIALS, {when}"),
    "rep.appraisal.title": ("KẾT QUẢ THẨM ĐỊNH {when}", "APPRAISAL, {when}"),
    "rep.appraisal.results": ("1. Kết quả thực hiện chỉ tiêu được thẩm định",
                              "1. Results verified by the appraisal"),
    "rep.appraisal.no_results": ("Không có kết quả nào được thẩm định lại.",
                                 "No reported result was verified."),
    "rep.appraisal.entities": ("2. Tổng điểm tự đánh giá và sau thẩm định",
                               "2. Self-assessed and appraised totals"),
    "rep.appraisal.rule": (
        "Dòng tô màu: chênh lệch từ {limit} điểm trở lên, hoặc xếp loại sau thẩm định khác "
        "xếp loại tự đánh giá (không tính việc hạ do tỷ lệ xuất sắc).",
        "Highlighted rows: a gap of {limit} points or more, or an appraised grade other than "
        "the self-assessed one (a lowering by the excellent quota alone is not counted)."),
    "rep.source.appraisal": ("Thẩm định", "Appraisal"),
    "rep.info.general_points": ("Điểm tiêu chí chung", "General points"),
    "rep.col.general_points": ("Điểm tiêu chí chung", "General points"),
    "rep.col.task_points": ("Điểm kết quả nhiệm vụ", "Task points"),
    "rep.col.reason": ("Lý do xếp loại", "Reason for the grade"),
    "rep.col.official_code": ("Mã cán bộ", "Official code"),
    "rep.col.full_name": ("Họ và tên", "Full name"),
    "rep.col.position": ("Chức vụ", "Position"),
    "rep.col.kind": ("Tập thể/Cá nhân", "Collective/Individual"),
    "rep.col.code": ("Mã", "Code"),
    "rep.col.name": ("Tên đơn vị/Họ và tên", "Name"),
    "rep.col.post": ("Chức vụ, đơn vị", "Position, unit"),
    "rep.col.reported": ("Kết quả báo cáo", "Reported result"),
    "rep.col.verified": ("Kết quả thẩm định", "Verified result"),
    "rep.col.difference": ("Chênh lệch", "Difference"),
    "rep.col.ground": ("Căn cứ", "Ground"),
    "rep.col.self_total": ("Tổng điểm tự đánh giá", "Self-assessed total"),
    "rep.col.appraised_total": ("Tổng điểm sau thẩm định", "Appraised total"),
    "rep.col.gap": ("Chênh lệch", "Gap"),
    "rep.col.flag": ("Cần lưu ý", "Flag"),
    "rep.col.self_grade": ("Xếp loại tự đánh giá", "Self-assessed grade"),
    "rep.col.appraised_grade": ("Xếp loại sau thẩm định", "Appraised grade"),
    "rep.col.final_grade": ("Xếp loại cuối cùng", "Final grade"),
    "rep.kind.collective": ("Tập thể", "Collective"),
    "rep.kind.individual": ("Cá nhân", "Individual"),
    "rep.flag.gap": ("Chênh lệch {gap} điểm", "Gap of {gap} points"),
    "rep.flag.grade": ("Xếp loại thay đổi: {before} → {after}", "Grade changed: {before} → {after}"),
    "rep.phieu.title.collective": ("PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TẬP THỂ {when}",
                                   "EVALUATION AND GRADING OF A COLLECTIVE, {when}"),
    "rep.phieu.title.official": ("PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÁN BỘ {when}",
                                 "EVALUATION AND GRADING OF AN OFFICIAL, {when}"),
    "rep.phieu.unit": ("Đơn vị", "Unit"),
    "rep.phieu.criteria": ("{n}. TIÊU CHÍ CHUNG (tối đa {max} điểm)",
                           "{n}. GENERAL CRITERIA (at most {max} points)"),
    "rep.phieu.tasks": ("{n}. KẾT QUẢ THỰC HIỆN CHỈ TIÊU, NHIỆM VỤ (tối đa {max} điểm)",
                        "{n}. RESULTS AGAINST TARGETS AND TASKS (at most {max} points)"),
    "rep.phieu.outcome": ("{n}. TỔNG HỢP ĐIỂM VÀ XẾP LOẠI", "{n}. TOTAL AND GRADE"),
    "rep.phieu.criteria_total": ("Cộng tiêu chí chung", "General criteria total"),
    "rep.phieu.task_formula": (
        "Điểm kết quả nhiệm vụ = {block} × Σ điểm đạt / Σ trọng số = {block} × {points} / "
        "{weights} = {result}",
        "Task points = {block} × Σ points / Σ weights = {block} × {points} / {weights} = "
        "{result}"),
    "rep.phieu.score_formula": (
        "Tổng điểm = {block} × Σ điểm đạt / Σ trọng số = {block} × {points} / {weights} = "
        "{result}",
        "Score = {block} × Σ points / Σ weights = {block} × {points} / {weights} = {result}"),
    "rep.phieu.at_most": ("(tối đa {block})", "(at most {block})"),
    "rep.phieu.cap_note": (
        "Chỉ tiêu vượt kế hoạch được tính điểm theo tỷ lệ đạt, tới mức trần ({caps}), nên điểm "
        "có thể vượt {block}.",
        "A target exceeded earns points by its share achieved, up to its cap ({caps}), so the "
        "score can exceed {block}."),
    "rep.col.criterion_code": ("Mã tiêu chí", "Code"),
    "rep.col.criterion_name": ("Tên tiêu chí", "Criterion"),
    "rep.col.max_points": ("Điểm tối đa", "Max points"),
    "rep.col.self": ("Tự đánh giá", "Self-assessed"),
    "rep.col.appraised": ("Thẩm định", "Appraised"),
    "rep.col.scoring": ("Cách chấm", "Scoring"),
    "rep.col.points_used": ("Điểm tính", "Points used"),
    "rep.col.criterion_note": ("Ghi chú", "Note"),
    "rep.col.remarks_plain": ("Tiến độ, ghi chú", "Schedule, remarks"),
    "rep.col.remarks": ("Tiến độ, căn cứ thẩm định", "Schedule, appraisal ground"),
    "rep.scoring.binary": ("Đạt/Không", "Pass/fail"),
    "rep.scoring.scale": ("Thang điểm", "Scale"),
    "rep.criterion.unscored": ("Chưa chấm: tính 0 điểm", "Not scored: counts 0"),
    "rep.remark.due": ("Hạn {due}", "Due {due}"),
    "rep.remark.completed": ("hoàn thành {date}", "done {date}"),
    "rep.remark.late": ("Chậm tiến độ", "Late"),
    "rep.remark.deduction": ("trừ {share} số điểm", "{share} of its points off"),
    "rep.remark.ground": ("Căn cứ thẩm định: {ground}", "Appraisal ground: {ground}"),
    "rep.counts.title.units": ("Thống kê xếp loại tập thể theo nhóm so sánh",
                               "Grades of the collectives by peer group"),
    "rep.counts.title.officials": ("Thống kê xếp loại cán bộ theo nhóm so sánh",
                                   "Grades of the officials by peer group"),
    "rep.counts.grade": ("Mức xếp loại", "Grade"),
    "rep.counts.count": ("Số lượng", "Number"),
    "rep.counts.share": ("Tỷ lệ", "Share"),
    "rep.counts.total": ("Tổng số", "Total"),
    "rep.counts.no_result": ("Chưa có kết quả hợp lệ", "No valid result"),
    "rep.field.general": ("Điểm tiêu chí chung", "General points"),
    "rep.field.task": ("Điểm kết quả nhiệm vụ", "Task points"),
    "rep.field.of": ("/ {max} điểm", "of {max} points"),
    "rep.field.sum": ("= {general} + {task} (tối đa {max} điểm)",
                      "= {general} + {task} (of {max} points)"),
    "rep.field.behind": ("Chậm tiến độ hoặc không đạt", "Behind or not achieved"),
    "rep.field.late": ("trong đó chậm tiến độ: {count}", "of which late: {count}"),
    "rep.total.late": ("Chậm tiến độ: {count}", "Late: {count}"),
    "rep.field.self": ("Tự đánh giá", "Self-assessed"),
    "rep.field.self_grade": ("điểm, xếp loại {grade}", "points, grade {grade}"),
    "rep.field.reason": ("Lý do xếp loại", "Reason for the grade"),
    # (end of report 366 block)
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
    "col.weight": ("Trọng số", "Weight"),
    "col.cap": ("Trần", "Cap"),
    "col.additive": ("Cộng dồn", "Additive"),
    "col.outlier": ("Ngưỡng bất thường", "Outlier factor"),
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
    "tpl.sign.preparer": ("NGƯỜI LẬP BIỂU", "PREPARED BY"),
    "print.page": ("Trang &P/&N", "Page &P of &N"),  # Excel's page number codes
    "rep.problems.none": ("Không có lỗi hay cảnh báo nào.", "No errors or warnings."),
    "rep.totals.not_summed": (
        "Không cộng dồn giữa các đơn vị nên không có tổng toàn tỉnh",
        "Not additive across units, so no province total"),
    "tpl.sign.head": ("THỦ TRƯỞNG ĐƠN VỊ", "HEAD OF UNIT"),
    "tpl.sign.seal": ("(Ký tên, đóng dấu)", "(Signature and seal)"),
    "tpl.year": ("Năm", "Year"),
    "tpl.deadline": ("Hạn nộp", "Deadline"),
    "tpl.title": ("Kết quả thực hiện chỉ tiêu năm {year}", "Results against targets, {year}"),
    "tpl.send_to": ("Nơi nhận", "Send to"),
    "tpl.file_name": ("Tên tệp", "File name"),
    "tpl.issuer_default": ("cơ quan giao chỉ tiêu", "the body that issued the targets"),
    "tpl.dv.number": ("Nhập một số ≥ 0: chỉ chữ số, không kèm chữ hay đơn vị tính.",
                      "Enter a number ≥ 0: digits only, no words or units."),
    "tpl.dv.binary": ("Chọn \"Đạt\" hoặc \"Không đạt\" trong danh sách.",
                      "Pick \"Done\" or \"Not done\" from the list."),
    "tpl.guide.title": ("Hướng dẫn điền và gửi lại mẫu kết quả",
                        "How to fill in and send back this template"),
    "tpl.guide.1": ("Mở trang \"Kết quả\". Mỗi dòng của bảng là một chỉ tiêu đã giao cho đơn vị.",
                    "Open the \"Results\" sheet. Each row of the table is one target assigned "
                    "to the unit."),
    "tpl.guide.2": ("Chỉ nhập vào các ô màu vàng: cột \"Kết quả thực hiện\" và cột "
                    "\"Ghi chú/Minh chứng\". Các ô khác đã được khoá.",
                    "Type only into the yellow cells: the \"Result\" and \"Note/Evidence\" "
                    "columns. All other cells are locked."),
    "tpl.guide.3": ("Chỉ tiêu chiều Tăng hoặc Giảm: nhập con số thực hiện được trong năm (số ≥ 0), "
                    "không kèm chữ hay đơn vị tính. Chiều Giảm (tai nạn, hồ sơ trễ hạn…): nhập số "
                    "thực tế xảy ra, nhập 0 nếu không có.",
                    "Higher or lower indicators: enter the year's figure (a number ≥ 0), with no "
                    "words or units. Lower indicators (accidents, overdue files…): enter what "
                    "actually happened, 0 if none."),
    "tpl.guide.4": ("Nhập số như bình thường trong Excel (ví dụ 2100, Excel hiển thị 2.100). Nếu "
                    "buộc phải nhập dạng chữ: dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân "
                    "(\"2.100\" là hai nghìn một trăm; \"105,5\" là một trăm linh năm phẩy năm).",
                    "Enter numbers as numbers (e.g. 2100). Text is read the Vietnamese way: "
                    "\".\" groups thousands and \",\" marks decimals (\"2.100\" is two thousand "
                    "one hundred)."),
    "tpl.guide.5": ("Chỉ tiêu chiều Đạt: chọn \"Đạt\" hoặc \"Không đạt\" trong danh sách của ô.",
                    "Binary indicators: pick \"Done\" or \"Not done\" from the cell's list."),
    "tpl.guide.6": ("Cột \"Ghi chú/Minh chứng\": ghi số văn bản, nguồn số liệu hoặc giải trình "
                    "nếu cần.",
                    "\"Note/Evidence\" column: cite the document, the data source, or explain "
                    "where needed."),
    "tpl.guide.7": ("Không sửa, thêm, xoá hay đổi thứ tự các dòng; không đổi tên trang tính; "
                    "không sửa cột \"Chỉ tiêu giao\": kế hoạch là căn cứ.",
                    "Do not edit, add, delete or reorder rows; do not rename sheets; do not edit "
                    "the \"Target\" column: the plan is the authority."),
    "tpl.guide.8": ("Lưu tệp dạng Excel (.xlsx), giữ nguyên tên tệp \"{file}\".",
                    "Save as an Excel workbook (.xlsx), keeping the file name \"{file}\"."),
    "tpl.guide.send": ("Gửi lại tệp cho {to} trước ngày {deadline}.",
                       "Send the file back to {to} by {deadline}."),
    "tpl.guide.send_nodate": ("Gửi lại tệp cho {to} trong thời hạn quy định.",
                              "Send the file back to {to} by the set deadline."),
    "kind.date": ("ngày", "date"),
    "kind.bool": ("giá trị đúng/sai", "true/false value"),
    "skip.lock": ("tệp khoá của Excel", "Excel lock file"),
    "skip.hidden": ("tệp ẩn", "hidden file"),
    # why a file could not be read or written (the system's refusal, in the reader's words)
    "os.not_found": ("không có tệp hoặc thư mục này", "no such file or folder"),
    "os.denied": ("không có quyền truy cập", "permission denied"),
    "os.disk_full": ("ổ đĩa đã đầy", "the disk is full"),
    "os.read_only": ("ổ đĩa chỉ cho đọc", "the disk is read-only"),
    "os.busy": ("tệp đang được chương trình khác sử dụng", "the file is in use by another program"),
    "os.io": ("lỗi đọc ghi ổ đĩa", "a disk input/output error"),
    "os.name_too_long": ("tên tệp quá dài", "the file name is too long"),
    "os.is_dir": ("đây là thư mục, không phải tệp", "this is a folder, not a file"),
    "os.not_dir": ("một phần của đường dẫn không phải thư mục",
                   "a part of the path is not a folder"),
    "os.empty": ("tệp rỗng (0 byte)", "the file is empty (0 bytes)"),
    "os.not_regular": ("không phải tệp thông thường", "not a regular file"),
    "os.encrypted": ("tệp có đặt mật khẩu", "the file is protected by a password"),
    "skip.not_workbook": ("không phải bảng tính Excel", "not a workbook"),
    "skip.output.status": ("danh sách đôn đốc do dgsp tạo, không phải tệp kết quả",
                           "a reminder list made by dgsp, not a return"),
    "skip.output.year": ("kết quả năm do dgsp tạo, không phải tệp kết quả",
                         "a year workbook made by dgsp, not a return"),
    "skip.output.year_sheet": ("phiếu đánh giá năm do dgsp tạo, không phải tệp kết quả",
                               "a year evaluation sheet made by dgsp, not a return"),
    "skip.output.report": ("báo cáo do dgsp tạo, không phải tệp kết quả",
                           "a report made by dgsp, not a return"),
    "skip.output.sheet": ("phiếu đánh giá do dgsp tạo, không phải tệp kết quả",
                          "an evaluation sheet made by dgsp, not a return"),
    "skip.output.compare": ("bảng so sánh do dgsp tạo, không phải tệp kết quả",
                            "a comparison made by dgsp, not a return"),
    "change.added": ("chỉ tiêu mới được giao", "newly assigned"),
    "change.removed": ("không còn được giao", "no longer assigned"),
    "change.target": ("chỉ tiêu giao đã đổi", "target changed"),
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
    "col.grade_before_quota": ("Xếp loại trước khi áp tỷ lệ xuất sắc", "Grade before quota"),
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
    "status.not_graded": ("Không xếp loại", "Not graded"),
    "status.duplicate": ("Tệp trùng, không tính", "Duplicate, not counted"),
    "severity.error": ("Lỗi", "Error"),
    "severity.warning": ("Cảnh báo", "Warning"),
    "note.lowered": (
        "Hạ từ HTXSNV xuống HTTNV do vượt tỷ lệ xuất sắc của nhóm (tối đa {seats} HTXSNV)",
        "Lowered from HTXSNV to HTTNV: the group's excellent quota ({seats} seats) was full",
    ),
    "note.missing": ("Không nộp kết quả", "No return received"),
    "note.rejected": ("Kết quả bị từ chối: {count} lỗi, xem trang Kiểm tra",
                      "Return rejected: {count} errors, see the Problems sheet"),
    "source.plan": ("Kế hoạch", "Plan"),
    "source.return": ("Kết quả nộp", "Return"),
    "source.version": ("Phiên bản dgsp", "dgsp version"),
    "source.fingerprint": ("Mã kiểm tra kế hoạch", "Plan fingerprint"),
    "source.generated": ("Lập bởi", "Generated by"),
    "sign.preparer": ("Người lập phiếu", "Prepared by"),
    "sign.head": ("Người đứng đầu đơn vị", "Head of unit"),
    "sign.approver": ("Thủ trưởng cơ quan đánh giá", "For the evaluating body"),
    "sign.hint": ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    "total": ("Tổng cộng", "Total"),
    # --- compare workbook (compare/write.py)
    "sheet.league": ("Xếp hạng", "League"),
    "cmp.sheet.officials": ("Xếp hạng cán bộ", "Officials league"),
    "cmp.title": ("SO SÁNH KẾT QUẢ ĐÁNH GIÁ QUA CÁC KỲ", "COMPARISON OF THE EVALUATIONS"),
    "cmp.title.officials": ("BẢNG XẾP HẠNG CÁN BỘ THEO NHÓM SO SÁNH NĂM {year}",
                            "LEAGUE OF OFFICIALS BY PEER GROUP, {year}"),
    "sheet.improvement": ("Tiến bộ", "Improvement"),
    "sheet.by_indicator": ("Theo chỉ tiêu", "By indicator"),
    "sheet.heatmap": ("Bảng màu tỷ lệ đạt", "Heat map"),
    "sheet.not_compared": ("Không so sánh", "Not compared"),
    "sheet.quota": ("Tỷ lệ xuất sắc", "Quota audit"),
    "sheet.stability": ("Độ ổn định", "Rank stability"),
    "sheet.charts": ("Biểu đồ", "Charts"),
    "cmp.title.league": ("BẢNG XẾP HẠNG THEO NHÓM SO SÁNH NĂM {year}",
                         "LEAGUE TABLES BY PEER GROUP, {year}"),
    "cmp.title.improvement": ("TIẾN BỘ SO VỚI KỲ TRƯỚC ({previous} → {year})",
                              "IMPROVEMENT SINCE THE PREVIOUS REPORT ({previous} → {year})"),
    "cmp.title.by_indicator": ("XẾP HẠNG THEO TỪNG CHỈ TIÊU NĂM {year}",
                               "LEAGUE BY INDICATOR, {year}"),
    "cmp.title.heatmap": ("BẢNG MÀU TỶ LỆ ĐẠT CHỈ TIÊU NĂM {year}",
                          "HEAT MAP OF ACHIEVEMENT RATIOS, {year}"),
    "cmp.title.not_compared": ("CHỈ TIÊU KHÔNG SO SÁNH ĐƯỢC GIỮA CÁC KỲ",
                               "INDICATORS NOT COMPARED ACROSS REPORTS"),
    "cmp.title.quota": ("RÀ SOÁT TỶ LỆ HOÀN THÀNH XUẤT SẮC NĂM {year}",
                        "EXCELLENT-GRADE QUOTA AUDIT, {year}"),
    "cmp.title.stability": ("ĐỘ ỔN ĐỊNH CỦA THỨ HẠNG NĂM {year}", "RANK STABILITY, {year}"),
    "cmp.title.charts": ("BIỂU ĐỒ ĐIỂM THEO NHÓM SO SÁNH", "SCORE CHARTS BY PEER GROUP"),
    "cmp.against": ("So với: {reports}", "Compared with: {reports}"),
    "cmp.group": ("Nhóm so sánh: {group}", "Peer group: {group}"),
    "cmp.col.previous_score": ("Điểm kỳ trước", "Previous score"),
    "cmp.col.score_change": ("Thay đổi điểm", "Score change"),
    "cmp.col.previous_rank": ("Hạng kỳ trước", "Previous rank"),
    "cmp.col.rank_change": ("Thay đổi hạng", "Rank change"),
    "cmp.col.rank_change_n": ("Số bậc lên (+) / xuống (−)", "Places up (+) / down (−)"),
    "cmp.col.previous_grade": ("Xếp loại kỳ trước", "Previous grade"),
    "cmp.col.rank_band": ("Hạng có thể (90% số lần chấm lại)", "Rank band (5–95%)"),
    "cmp.col.median_rank": ("Hạng ở giữa các lần chấm lại", "Median rank"),
    "cmp.col.best_rank": ("Hạng cao (phân vị 5%)", "Best rank (5th percentile)"),
    "cmp.col.worst_rank": ("Hạng thấp (phân vị 95%)", "Worst rank (95th percentile)"),
    "cmp.col.not_clear": ("Không khác biệt rõ với đơn vị liền kề",
                          "Not clearly different from a neighbour"),
    "cmp.col.improvement_rank": ("Hạng tiến bộ", "Improvement rank"),
    "cmp.col.indicator_rank": ("Hạng theo chỉ tiêu", "Rank on the indicator"),
    "cmp.col.previous_ratio": ("Tỷ lệ đạt kỳ trước", "Previous ratio"),
    "cmp.col.reason": ("Lý do", "Reason"),
    "cmp.col.detail": ("Chi tiết", "Detail"),
    "cmp.col.reports": ("Kỳ khác với kỳ tham chiếu", "Reports that differ"),
    "cmp.col.pool": ("Số đơn vị HTXSNV, HTTNV trước khi áp tỷ lệ xuất sắc",
                     "Units HTXSNV or HTTNV before the quota"),
    "cmp.col.seats": ("Số HTXSNV tối đa", "HTXSNV seats"),
    "cmp.col.kept_n": ("Số đơn vị giữ HTXSNV", "Units keeping HTXSNV"),
    "cmp.col.lowered_n": ("Số đơn vị bị hạ", "Units lowered"),
    "cmp.col.kept": ("Giữ HTXSNV", "Kept HTXSNV"),
    "cmp.col.lowered": ("Hạ xuống HTTNV", "Lowered to HTTNV"),
    "cmp.col.outcome": ("Kết quả áp tỷ lệ xuất sắc", "Quota outcome"),
    "cmp.col.report": ("Kỳ đánh giá", "Report"),
    "cmp.col.reference": ("Kỳ tham chiếu", "Reference"),
    "cmp.median": ("Mức giữa của nhóm", "Group median"),
    "cmp.best": ("Dẫn đầu", "Best"),
    "cmp.not_comparable": ("Không so sánh với kỳ trước (xem trang Không so sánh)",
                           "Not compared with earlier reports (see Not compared)"),
    "cmp.status.new": ("Mới so với kỳ trước", "New since the previous report"),
    "cmp.status.removed": ("Không còn trong kỳ này", "No longer present"),
    "cmp.status.prev_missing": ("Kỳ trước không nộp", "Missing in the previous report"),
    "cmp.status.prev_rejected": ("Kỳ trước bị từ chối", "Rejected in the previous report"),
    "cmp.status.lowered": ("Hạ xuống HTTNV do tỷ lệ xuất sắc", "Lowered to HTTNV by the quota"),
    "cmp.reason.direction": ("Chiều của chỉ tiêu đã thay đổi", "The direction changed"),
    "cmp.reason.measure": ("Đơn vị tính đã thay đổi", "The unit of measure changed"),
    "cmp.reason.missing": ("Không có trong mọi kỳ", "Not in every report"),
    "cmp.none_not_compared": ("Mọi chỉ tiêu đều so sánh được giữa các kỳ.",
                              "Every indicator is comparable across the reports."),
    "cmp.no_quota": ("Không áp tỷ lệ xuất sắc", "No quota"),
    "cmp.outcome.kept": ("Giữ HTXSNV", "Kept HTXSNV"),
    "cmp.outcome.lowered": ("Hạ xuống HTTNV", "Lowered to HTTNV"),
    "cmp.quota.detail": ("Các đơn vị đạt HTXSNV trước khi áp tỷ lệ xuất sắc",
                         "Units graded HTXSNV before the quota"),
    "cmp.quota.rule": (
        "Số HTXSNV tối đa = phần nguyên của (tỷ lệ xuất sắc × số đơn vị xếp HTXSNV hoặc HTTNV trước khi áp tỷ lệ xuất sắc), "
        "tính riêng trong từng nhóm so sánh. Đơn vị điểm cao hơn giữ HTXSNV; nếu các đơn vị "
        "bằng điểm nhau ở vị trí cuối cùng thì tất cả cùng bị hạ xuống HTTNV, để không vượt tỷ lệ "
        "xuất sắc (Nghị định 335/2025/NĐ-CP).",
        "Seats = floor(quota × units graded HTXSNV or HTTNV before the quota), within each peer "
        "group. Higher-scored units keep HTXSNV; when units tie on the last seat, all of them "
        "are lowered to HTTNV so that the quota is never exceeded (Decree 335/2025/NĐ-CP)."),
    "cmp.runs": ("Số lần chạy", "Runs"),
    "cmp.low": ("Hệ số nhân trọng số thấp nhất", "Lowest weight factor"),
    "cmp.high": ("Hệ số nhân trọng số cao nhất", "Highest weight factor"),
    "cmp.seed": ("Số khởi tạo ngẫu nhiên", "Random seed"),
    "cmp.method": (
        "Chấm lại {runs} lần, mỗi lần nhân trọng số của từng chỉ tiêu với một hệ số ngẫu nhiên "
        "độc lập, phân bố đều trong [{low}; {high}], với số khởi tạo cố định {seed}: cùng số liệu "
        "cho cùng kết quả. Hạng có thể là các thứ hạng đơn vị nhận trong 90% số lần chấm lại "
        "(bỏ 5% thấp nhất và 5% cao nhất); hai đơn vị liền kề có hạng có thể chồng lên nhau là "
        "không khác biệt rõ (≈).",
        "Re-scored {runs} times, each time multiplying every indicator's weight by an "
        "independent factor drawn uniformly from [{low}, {high}], with the fixed seed {seed}: "
        "the same inputs give the same result. The rank band is the 5th–95th percentile of the "
        "rank over the runs; adjacent units whose bands overlap are not clearly different (≈)."),
    "cmp.legend": ("Chú giải", "Legend"),
    "cmp.band.red": ("Dưới {red}", "Below {red}"),
    "cmp.band.amber": ("Từ {red} đến dưới {green}", "{red} to below {green}"),
    "cmp.band.green": ("Bằng {green} (đạt)", "{green} (achieved)"),
    "cmp.band.dark_green": ("Trên {green} (vượt)", "Above {green} (exceeded)"),
    "cmp.heat.note": (
        "Chỉ tiêu chiều Giảm được tô theo tỷ lệ đạt, nên màu xanh luôn là tốt. Ô trống: chỉ "
        "tiêu không giao cho đơn vị, hoặc đơn vị chưa được chấm.",
        "Lower-is-better indicators are coloured by their ratio, so green always means good. "
        "An empty cell: the indicator is not assigned to the unit, or the unit is not scored."),
    "cmp.chart.scores": ("{group}: tổng điểm năm {year}", "{group}: scores, {year}"),
    "cmp.chart.trend": ("{group}: điểm qua các kỳ", "{group}: scores over time"),
    "cmp.chart.threshold": ("Ngưỡng {value}", "Threshold {value}"),
    "cmp.chart.median": ("Mức giữa của nhóm", "Group median"),
    "cmp.chart.highest": ("Cao nhất trong nhóm", "Highest in the group"),
    "cmp.chart.lowest": ("Thấp nhất trong nhóm", "Lowest in the group"),
    "cmp.source.note": ("dgsp compare: lập tự động từ các báo cáo dưới đây; không sửa tay",
                        "dgsp compare: computed from the reports below; not edited by hand"),
    "cmp.source.reports": ("Số báo cáo so sánh", "Reports compared"),
    "cmp.source.red_below": ("Tô đỏ khi tỷ lệ đạt dưới", "Red below"),
    "cmp.source.green_from": ("Tô xanh khi tỷ lệ đạt từ", "Green from"),
    "cmp.source.thresholds": ("Ngưỡng điểm trên biểu đồ", "Score thresholds on the charts"),
    # --- command line
    "cli.h.rank": ("Hạng", "Rank"),
    "cli.h.unit": ("Đơn vị", "Unit"),
    "cli.h.score": ("Điểm", "Score"),
    "cli.h.achieved": ("Đạt/Giao", "Achieved"),
    "cli.h.exceeded": ("Vượt", "Exceeded"),
    "cli.h.grade": ("Xếp loại", "Grade"),
    "cli.wrote": ("Đã ghi {path}", "Wrote {path}"),
    "cli.assigned": ("Đã tạo {count} mẫu cho đơn vị trong {path}",
                     "Wrote {count} unit templates into {path}"),
    "cli.sheets": ("Đã ghi {count} phiếu đánh giá vào {path}",
                   "Wrote {count} evaluation sheets into {path}"),
    "cli.more_problems": ("… và {count} vấn đề khác (xem trang Kiểm tra của báo cáo)",
                          "… and {count} more problems (see the report's Problems sheet)"),
    "cli.interrupted": ("Đã dừng theo yêu cầu; không tệp nào bị ghi dở.",
                        "Interrupted; no file was left half-written."),
    "cli.internal_error": ("Lỗi không mong đợi: {error}. Chạy lại với --debug để xem chi tiết.",
                           "Unexpected error: {error}. Run again with --debug for details."),
    "cli.outliers": ("Kết quả bất thường, cần kiểm tra lại với đơn vị:",
                     "Implausible results, to check with the units:"),
    "cli.warnings": ("{count} cảnh báo cần xem lại: trang \"{sheet}\" của {path}",
                     "{count} warnings need a look: the \"{sheet}\" sheet of {path}"),
    "cli.more": ("… và {count} đơn vị khác: xem trang Tổng hợp của báo cáo",
                 "… and {count} more units: see the Summary sheet of the report"),
    "cli.more_year": ("… và {count} khác: xem trang Tổng hợp năm của bảng năm",
                      "… and {count} more: see the Year summary sheet of the year workbook"),
    "cli.lowered": ("↓ {who} hạ từ HTXSNV xuống HTTNV do tỷ lệ xuất sắc của nhóm.",
                    "↓ {who} lowered from HTXSNV to HTTNV by their group's excellent quota."),
    "cli.lowered.units": ("{count} tập thể", "{count} collectives"),
    "cli.lowered.officials": ("{count} cán bộ", "{count} officials"),
    "cli.and": (" và ", " and "),
    "cli.seed": (
        "Số liệu công bố của đợt thí điểm 2021, tính lại: kết nạp {actual}/{target} đảng viên "
        "({ratio}); Tam Đảo {tamdao}, Sông Lô {songlo}; {orgs} tổ chức đảng mới trong doanh "
        "nghiệp, vượt chỉ tiêu: {exceeded}.",
        "The 2021 pilot's published figures, recomputed: {actual}/{target} new Party members "
        "({ratio}); Tam Đảo {tamdao}, Sông Lô {songlo}; {orgs} new Party organisations in "
        "enterprises, targets exceeded by: {exceeded}.",
    ),
    "cli.demo_files": (
        "Kế hoạch: {plan}\nMẫu giao cho đơn vị: {templates}\nKết quả đơn vị nộp: {returns}\n"
        "Báo cáo: {report}\nJSON: {json}",
        "Plan: {plan}\nUnit templates: {templates}\nReturned workbooks: {returns}\n"
        "Report: {report}\nJSON: {json}",
    ),
    # --- dgsp compare and the two-year demo (cli.py)
    "cli.h.score_change": ("± Điểm", "± Score"),
    "cli.h.rank_change": ("± Hạng", "± Rank"),
    "cli.h.status": ("Tình trạng", "Status"),
    "cli.h.rank_band": ("Hạng có thể", "Rank band"),
    "cli.cmp.new": ("mới", "new"),
    "cli.cmp.removed": ("không còn", "removed"),
    "cli.cmp.previous": ("kỳ trước: {status}", "previous: {status}"),
    "cli.cmp.reports": ("So sánh {count} báo cáo: {reports}; tham chiếu: {reference}",
                        "Comparing {count} reports: {reports}; reference: {reference}"),
    "cli.cmp.not_compared": ("Chỉ tiêu không so sánh giữa các kỳ: {items}",
                             "Indicators not compared across the reports: {items}"),
    "cli.cmp.reason.direction": ("chiều", "direction"),
    "cli.cmp.reason.measure": ("đơn vị tính", "unit of measure"),
    "cli.cmp.reason.missing": ("không có trong mọi kỳ", "not in every report"),
    "cli.cmp.unclear": (
        "≈ hạng có thể chồng lên hạng có thể của đơn vị xếp sau: không khác biệt rõ "
        "({runs} lần chấm lại, mỗi trọng số nhân với hệ số ngẫu nhiên trong [{low}; {high}]).",
        "≈ the rank band overlaps the next unit's: not clearly different ({runs} re-scorings, "
        "each weight multiplied by a random factor in [{low}, {high}])."),
    "cli.demo_years": ("Từng năm: {dirs}", "Each year: {dirs}"),
    "cli.status_wrote": ("Đã ghi danh sách đôn đốc: {path}", "Wrote the reminder list: {path}"),
    "cli.grade_counts": ("Thống kê xếp loại theo nhóm so sánh", "Grades by peer group"),
    "cli.h.group": ("Nhóm so sánh", "Peer group"),
    "cli.h.no_result": ("Chưa có kết quả", "No result"),
    "cli.h.year_score": ("Điểm năm", "Year"),
    "cli.year_flagged": ("⚑ Hai quý liên tiếp không hoàn thành nhiệm vụ: {codes}",
                         "⚑ Two quarters in a row not completed: {codes}"),
    "cli.year_flagged_more": ("{codes} và {count} khác: xem trang Cảnh báo của bảng năm",
                              "{codes} and {count} more: see the Flags sheet of the year workbook"),
    "cli.year_wrote": ("Đã ghi kết quả năm {year} từ {rounds} kỳ: {path}",
                       "Wrote the year {year} from {rounds} rounds: {path}"),
    "flag.two_failed_in_a_row": ("Hai quý liên tiếp không hoàn thành nhiệm vụ",
                                 "Two quarters in a row not completed (KHTNV)"),
    "cli.demo_appraisal": ("Thẩm định (Hội đồng đã điền): {path}",
                           "Appraisal (as the Board filled it): {path}"),
    "cli.demo_quarters": ("Các quý năm {year}: {dirs}\nKết quả năm (dgsp year): {xlsx}"
                          "\nJSON: {json}",
                          "The quarters of {year}: {dirs}\nThe year (dgsp year): {xlsx}"
                          "\nJSON: {json}"),
    "cli.demo_page": ("Trang công khai kết quả (dgsp publish): {path}",
                      "The publication page (dgsp publish): {path}"),
    "cli.demo_compare": ("So sánh hai năm: {xlsx}\nJSON: {json}",
                         "Two-year comparison: {xlsx}\nJSON: {json}"),
    # --- progress bar on stderr (terminal.py)
    "progress.read": ("Đọc tệp kết quả", "Reading returns"),
    "progress.write": ("Ghi báo cáo và phiếu đánh giá", "Writing the report and sheets"),
    "progress.templates": ("Ghi biểu mẫu", "Writing templates"),
    "progress.rate": ("{rate} tệp/giây", "{rate} files/s"),
    "progress.left": ("còn {time}", "{time} left"),
    # --- report: titles, evaluation sheet, explanations (report/write.py)
    "report.title": ("TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ {when}", "EVALUATION SUMMARY, {when}"),
    "phieu.title": ("PHIẾU ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN CHỈ TIÊU, NHIỆM VỤ {when}",
                    "EVALUATION OF RESULTS AGAINST TARGETS AND TASKS, {when}"),
    "phieu.rank": ("{rank}/{count} trong nhóm", "{rank} of {count} in the group"),
    "sign.date": ("……, ngày … tháng … năm …", "……, date ……"),
    "sign.date_at": ("{place}, ngày … tháng … năm …", "{place}, date ……"),
    "doc.party": ("ĐẢNG CỘNG SẢN VIỆT NAM", "COMMUNIST PARTY OF VIET NAM"),
    "doc.recipients": ("Nơi nhận:", "To:"),
    "doc.recipients.as_above": ("- Như trên;", "- As above;"),
    "doc.recipients.file": ("- Lưu: VT.", "- File."),
    "doc.state": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "doc.motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "explain.points": ("điểm", "points"),
    "explain.late": ("chậm tiến độ", "late"),
    "explain.zero": ("chỉ tiêu giao 0, kết quả {actual} → {ratio}",
                     "target 0, result {actual} → {ratio}"),
    "source.note": ("dgsp score: tính tự động từ kế hoạch và các tệp kết quả dưới đây; "
                    "không sửa tay",
                    "dgsp score: computed from the plan and the returns below; not edited by hand"),
    # --- dgsp status and dgsp check (intake/status.py, intake/feedback.py, cli.py)
    # --- the reminder list (dgsp status --out; report/status.py)
    "remind.sheet": ("Danh sách đôn đốc", "Reminder list"),
    "remind.title": ("DANH SÁCH ĐƠN VỊ CHƯA NỘP HOẶC NỘP KẾT QUẢ CHƯA HỢP LỆ",
                     "UNITS WITHOUT A VALID RETURN"),
    "remind.deadline": ("Hạn nộp: {deadline}; tính đến ngày {today}{when}.",
                        "Deadline: {deadline}; as of {today}{when}."),
    "remind.days_left": (": còn {days} ngày", ": {days} days left"),
    "remind.days_over": (": đã quá hạn {days} ngày", ": {days} days past the deadline"),
    "col.number": ("STT", "No."),
    "remind.col.state": ("Tình trạng", "State"),
    "remind.col.what": ("Nội dung cần khắc phục", "What is wrong"),
    "remind.col.how": ("Cách gửi lại", "How to send it again"),
    "remind.missing": ("Chưa nhận được tệp kết quả.", "No return received."),
    "remind.more": ("… và {count} lỗi khác (xem bản có đánh dấu của `dgsp check --feedback`).",
                    "… and {count} more (see the marked-up copy of `dgsp check --feedback`)."),
    "remind.how.missing": ("Điền kết quả vào mẫu {file} đã phát và gửi về.",
                           "Fill in the issued template {file} and send it."),
    "remind.how.errors": ("Sửa các ô nêu bên cạnh trong tệp {file}, lưu lại và gửi lại tệp.",
                          "Correct the cells listed in {file}, save it and send it again."),
    "remind.how.duplicate": ("Đã nhận hai tệp khác nhau ({files}): xác nhận tệp đúng và chỉ "
                             "gửi lại tệp đó.",
                             "Two different files were received ({files}): confirm the right "
                             "one and send only that."),
    "remind.count": ("Số đơn vị cần đôn đốc: {owing}/{units} (đã hợp lệ: {valid}).",
                     "Units to remind: {owing} of {units} ({valid} valid)."),
    "remind.none": ("Mọi đơn vị đã nộp kết quả hợp lệ.", "Every unit has sent a valid return."),
    "remind.signer": ("NGƯỜI LẬP DANH SÁCH", "PREPARED BY"),
    "state.valid": ("Hợp lệ", "Valid"),
    "state.errors": ("Có lỗi", "With errors"),
    "state.duplicate": ("Trùng tệp", "Duplicate"),
    "state.missing": ("Chưa nộp", "Missing"),
    "tally.units": ("Số đơn vị", "Units"),
    "tally.rate": ("Tỷ lệ hợp lệ", "Reporting rate"),
    "due.deadline": ("Hạn nộp: {date} ({when})", "Deadline: {date} ({when})"),
    "due.left": ("còn {days} ngày", "{days} day(s) left"),
    "due.passed": ("đã quá hạn {days} ngày", "{days} day(s) overdue"),
    "due.today": ("hạn chót là hôm nay", "due today"),
    "due.none": ("Kế hoạch không ghi hạn nộp.", "The plan sets no deadline."),
    "check.where": ("Vị trí", "Where"),
    "check.count": ("Số lần", "Count"),
    "check.counts": ("Số vấn đề theo mã", "Problems by code"),
    "check.other": ("Tệp không thuộc đơn vị nào của kế hoạch", "Files of no plan unit"),
    "check.general": ("Chung", "General"),
    "check.not_checked": ("{count} đơn vị khác không được kiểm tra (chỉ kiểm tra các tệp đã nêu; "
                          "đưa thư mục kết quả để kiểm tra cả đợt)",
                          "{count} other units not checked (only the files named; give the "
                          "returns folder to check the whole round)"),
    "check.no_problems": ("Không có vấn đề nào.", "No problems."),
    "check.summary": ("{units} đơn vị: {valid} hợp lệ, {errors} có lỗi, {duplicate} trùng tệp, "
                      "{missing} chưa nộp.",
                      "{units} units: {valid} valid, {errors} with errors, {duplicate} duplicate, "
                      "{missing} missing."),
    "check.feedback": ("Đã ghi {count} bản có ghi chú vào {path}",
                       "Wrote {count} annotated copies into {path}"),
    "check.no_copy": ("Không tạo được bản có ghi chú cho {file}: {reason}",
                      "No annotated copy of {file}: {reason}"),
    "sheet.to_fix": ("Cần sửa", "To fix"),
    "fix.title": ("Cần sửa trong tệp kết quả của {unit}", "To fix in the return of {unit}"),
    "fix.date": ("Ngày kiểm tra", "Checked on"),
    "fix.result": ("Kết quả kiểm tra", "Check result"),
    "fix.counts": ("{errors} lỗi, {warnings} cảnh báo", "{errors} error(s), {warnings} warning(s)"),
    "fix.how": ("Cách gửi lại", "How to resend"),
    "fix.resend": (
        "Sửa các ô tô đỏ (lỗi) và xem lại các ô tô vàng cam (cảnh báo) theo ghi chú trong ô "
        "và bảng dưới đây, trong tệp đã gửi hoặc trong bản này. Lưu dạng Excel (.xlsx), giữ tên "
        "tệp \"{file}\" và gửi lại cho {to} trước ngày {deadline}.",
        "Fix the red cells (errors) and review the amber cells (warnings), following the cell "
        "comments and the table below, in the file you sent or in this copy. Save as an Excel "
        "workbook (.xlsx), keep the file name \"{file}\" and send it back to {to} by {deadline}."),
    "fix.resend_late": (
        "Sửa các ô tô đỏ (lỗi) và xem lại các ô tô vàng cam (cảnh báo) theo ghi chú trong ô "
        "và bảng dưới đây, trong tệp đã gửi hoặc trong bản này. Lưu dạng Excel (.xlsx), giữ tên "
        "tệp \"{file}\" và gửi lại ngay cho {to}: đã quá hạn nộp {deadline}.",
        "Fix the red cells (errors) and review the amber cells (warnings), following the cell "
        "comments and the table below, in the file you sent or in this copy. Save as an Excel "
        "workbook (.xlsx), keep the file name \"{file}\" and send it back to {to} at once: the "
        "deadline, {deadline}, has passed."),
    "fix.resend_nodate": (
        "Sửa các ô tô đỏ (lỗi) và xem lại các ô tô vàng cam (cảnh báo) theo ghi chú trong ô "
        "và bảng dưới đây, trong tệp đã gửi hoặc trong bản này. Lưu dạng Excel (.xlsx), giữ tên "
        "tệp \"{file}\" và gửi lại cho {to}.",
        "Fix the red cells (errors) and review the amber cells (warnings), following the cell "
        "comments and the table below, in the file you sent or in this copy. Save as an Excel "
        "workbook (.xlsx), keep the file name \"{file}\" and send it back to {to}."),
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


_ERRNO_LABELS = {
    errno.ENOENT: "os.not_found", errno.EACCES: "os.denied", errno.EPERM: "os.denied",
    errno.ENOSPC: "os.disk_full", errno.EROFS: "os.read_only", errno.EBUSY: "os.busy",
    errno.EIO: "os.io", errno.ENAMETOOLONG: "os.name_too_long", errno.EISDIR: "os.is_dir",
    errno.ENOTDIR: "os.not_dir",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused a file, for a message's ``reason``: a :class:`Term` (rendered in
    the reader's language) for the refusals dgsp knows, else the system's own words."""
    key = _ERRNO_LABELS.get(exc.errno)
    return Term(key) if key else (exc.strerror or str(exc))


class Term(str):
    """A label key used as a message parameter: rendered in the reader's language.

    ``Problem("DG218", {"kind": Term("kind.date")})`` reads "ngày" in Vietnamese
    and "date" in English. As a plain string it is the key itself.
    """

    def render(self, lang: str) -> str:
        return label(str(self), lang)


def resolve_lang(lang: str | None = None) -> str:
    """The language to write in: explicit, else ``DGSP_LANG``, else Vietnamese."""
    lang = (lang or os.environ.get("DGSP_LANG") or "vi").strip().lower()[:2]
    return lang if lang in LANGS else "vi"


def label(key: str, lang: str = "vi", **params: object) -> str:
    text = LABELS[key][0 if lang == "vi" else 1]
    return text.format(**params) if params else text


FORMER: dict[str, tuple[str, ...]] = {  # earlier wordings of a header a reader still accepts
    "col.weight": ("Điểm",),  # now "Trọng số" (beside "Điểm đạt", "Điểm" was ambiguous)
    "info.seat_rounding": ("Làm tròn số suất",),
}


def aliases(key: str) -> tuple[str, ...]:
    """Every spelling of a label a reader accepts: Vietnamese, English, then any former
    wording (so that no plan written before a rewording breaks)."""
    return (*LABELS[key], *FORMER.get(key, ()))


def grade_name(grade: Grade, lang: str = "vi") -> str:
    return GRADE_NAMES[grade][0 if lang == "vi" else 1]


def direction_word(direction: Direction, lang: str = "vi") -> str:
    return label(DIRECTION_KEYS[direction], lang)


def reason_text(code: str, params: dict, lang: str = "vi") -> str:
    """A grade's reason in words: "4/6 chỉ tiêu đạt (66,7%) < 80%"."""
    from decimal import Decimal

    from dgsp.text import format_number, format_percent

    def pct(x: object) -> str:
        text = format_percent(Decimal(str(x)), lang)
        return text.replace(",0%", "%").replace(".0%", "%")

    shown = {}
    for key, value in params.items():
        if key in ("share", "limit"):
            shown[key] = pct(value)
        elif key in ("score", "min"):
            shown[key] = format_number(Decimal(str(value)), lang, 2 if key == "score" else None)
        else:
            shown[key] = value
    if code == "quota" and "tied" in params:  # lowered only by a tie across the last seat
        code = "quota_tied"
    return label(f"reason.{code}", lang, **shown)


def period_name(plan: Plan, lang: str = "vi") -> str:
    """The round's period in words: "Năm 2026", or "Quý II năm 2026" for a quarter."""
    from dgsp.model import Period

    if plan.period is Period.YEAR:
        return f"{label('period.year', lang)} {plan.year}"
    return label("period.of_year", lang, period=label(f"period.{plan.period.value}", lang),
                 year=plan.year)


def period_heading(plan: Plan, lang: str = "vi") -> str:
    """The period in a title: "NĂM 2026" or "QUÝ II NĂM 2026" (en: "2026", "Q2 2026")."""
    from dgsp.model import Period

    if plan.period is Period.YEAR:
        return f"NĂM {plan.year}" if lang == "vi" else str(plan.year)
    return period_name(plan, lang).upper() if lang == "vi" else period_name(plan, lang)
