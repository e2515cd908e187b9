"""The workbook's chart sheet (#20): the ranking with each candidate's mean and spread, as an
Excel chart of its own (openpyxl's native BarChart), so that it stays live in Excel: its series
refer to the cells of the sheet Rangering, not to copies of the numbers. Rows hidden in
Rangering are left out of the chart too (Excel plots visible cells only).

The bars are the candidates' means in rank order; the error bars reach one standard deviation
of the jurors' weighted scores either side (the sheet's «Standard deviation» column). See
docs/pictures.md.
"""

from django.utils.translation import gettext as _
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import NumDataSource, NumRef
from openpyxl.chart.error_bar import ErrorBars
from openpyxl.utils import get_column_letter, quote_sheetname

CHART_SHEET = "Diagram"  # Norwegian, like the other sheets' names, whatever the language


def column_of(columns, header: str) -> int:
    """The 1-based column of the ranking sheet whose header is `header`."""
    return [column.header for column in columns].index(header) + 1


def add_ranking_chart(workbook, ranking_title: str, columns, rows: int, scale=None):
    """A chart sheet after the others: a bar per candidate of the sheet `ranking_title` (its
    `rows` rows under the header), its mean with ± one standard deviation."""
    sheet = workbook.create_chartsheet(CHART_SHEET)
    if rows < 1:
        return sheet
    ranking = workbook[ranking_title]
    names = column_of(columns, _("Candidate"))
    mean = column_of(columns, _("Mean"))
    std = column_of(columns, _("Standard deviation"))
    chart = BarChart()
    chart.type = "col"
    chart.title = _("Mean and spread per candidate, in rank order")
    chart.y_axis.title = _("Mean weighted score (± one standard deviation)")
    chart.x_axis.title = _("Candidate")
    chart.add_data(
        Reference(ranking, min_col=mean, min_row=1, max_row=rows + 1), titles_from_data=True
    )
    chart.set_categories(Reference(ranking, min_col=names, min_row=2, max_row=rows + 1))
    letter = get_column_letter(std)
    spread = f"{quote_sheetname(ranking_title)}!${letter}$2:${letter}${rows + 1}"
    chart.series[0].errBars = ErrorBars(
        errDir="y",
        errBarType="both",
        errValType="cust",
        noEndCap=False,
        plus=NumDataSource(numRef=NumRef(f=spread)),
        minus=NumDataSource(numRef=NumRef(f=spread)),
    )
    if scale is not None:
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = scale
    chart.legend = None
    # openpyxl hides the axes unless told (its default delete=True in recent versions).
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    sheet.add_chart(chart)
    return sheet
