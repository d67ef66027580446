"""Multiple-choice theory tests (Tin học trẻ Bảng A) and a board's combined result: the question bank
(``bank``, ``bank_xlsx``), a board's test (``quiz_settings``), pupils' sheets (``sheets``, scored by ``scoring``),
the organisers' item analysis (``item_analysis``) and the board's result of theory and practice (``combined``)."""
