"""Reading and writing cohorts: CSV and Excel files and pandas DataFrames, Finnish or English.

Above the model, beside text; it knows nothing of scoring, solving or results.
"""

from .cohort_files import cohort_to_pandas, from_pandas, read_csv, read_excel, write_csv

__all__ = ["cohort_to_pandas", "from_pandas", "read_csv", "read_excel", "write_csv"]
