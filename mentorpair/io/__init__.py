"""Reading and writing cohorts: CSV and Excel files and pandas DataFrames, Finnish or English.

Above the model, beside text; it knows nothing of scoring, solving or results.

Modules: ``columns`` (which header names which field), ``cells`` (one cell's
text and what it means), ``read_notes`` (what reading changed, for
``Cohort.notes``), ``table`` (the one parser every reader ends in),
``csv_files``, ``excel_files`` and ``frames`` (the readers and writers).
"""

from .csv_files import read_csv, write_csv
from .excel_files import read_excel
from .frames import cohort_to_pandas, from_pandas

__all__ = ["cohort_to_pandas", "from_pandas", "read_csv", "read_excel", "write_csv"]
