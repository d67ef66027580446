"""Results of contests judged by people: an entry's score from its sheets (with per-judge normalisation),
settling disagreements, ranking, award rules, publishing, certificates and the score workbook.
"""
