"""Reading and writing cohorts: CSV and Excel files and pandas DataFrames, Finnish or English.

Above the model, beside text; it knows nothing of scoring, solving or results.

Modules: ``columns`` (which header names which field), ``cells`` (one cell's
text and what it means), ``read_notes`` (what reading changed, for
``Cohort.notes``), ``form_map`` (the caller's ``columns=`` and ``answers=``),
``parse`` (the one parser every reader ends in), ``csv_files``,
``excel_files`` and ``frames`` (the readers and writers), ``judge`` (which
field a column seems to answer), ``suggest`` (a proposed ``columns=`` map for
a form's export), ``doubts`` (the warnings on a valid cohort that may match
wrongly), ``references`` (wishes by name or e-mail) and ``resubmit`` (a form
submitted twice).
"""

from .csv_files import read_csv, write_csv
from .excel_files import read_excel
from .frames import cohort_to_pandas, from_pandas
from .suggest import suggest_columns

__all__ = ["cohort_to_pandas", "from_pandas", "read_csv", "read_excel", "suggest_columns", "write_csv"]
