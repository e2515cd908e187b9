"""The criterion blocks of a candidate's jury page, written in Python: each criterion with the
clauses it cites, the nominations' answers and files side by side, and the juror's own score
when the review is read-only.

They are the page's long loop — five criteria or more, an answer card per nomination under
each, with a nominator, files and cited clauses — and the template engine walked them with a
lookup per variable, an {% include %} per card and a `{% url %}` per file. These functions write
the markup the templates they replaced wrote (kept in tests/scoring/as_templates/: _criterion,
which includes nominations/_criterion_clauses.html, scoring/_nominator.html and
scoring/_files.html, and _own_score): the texts translated once per page, the addresses reversed
once, every value escaped as the template would. tests/scoring/test_candidate_markup.py holds
them to those templates' output, the included ones as they are now: a change to the clauses'
template, which the public pages share, fails it until this follows.
"""

from django.template.defaultfilters import filesizeformat, floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from config.markup import escape_text as _text  # {{ value }} of a text

from .tables import NONE, url_for_each


class CriterionWriter:
    """Writes the criterion blocks of one page: the texts and the file addresses are made once."""

    def __init__(self, cycle, candidate):
        self.file_url = url_for_each(
            "scoring:attachment", "attachment_id", cycle_id=cycle.pk, candidate_id=candidate.pk
        )
        # {% translate "…" %} writes the translation as it is: a literal in a template is safe.
        self.t = {
            "question": gettext("Question to nominators"),
            "guidance": gettext("Guidance for the jury"),
            "weight": gettext("Weight"),
            "answers": gettext("What the nominations say"),
            "own_material": gettext("The municipality's own material"),
            "not_answered": gettext("Not answered."),
            "evidence": gettext("Evidence:"),
            "no_name": gettext("Nominator without a name"),
            "rests_on": gettext("Rests on the cooperation platform:"),
            "new_tab": gettext("opens in a new tab"),
            "your_review": gettext("Your review"),
            "score": gettext("Score"),
            "material": gettext("What the material shows"),
            "comment": gettext("Comment"),
            "not_scored": gettext("Not scored"),
            "not_marked": gettext("Not marked"),
        }
        # A blocktranslate: the text itself is not escaped, only what is put in.
        self.read_in_platform = gettext("Read %(reference)s in the platform")
        self.nominators = {}
        self.platform_urls = {}

    # --- as tests/scoring/as_templates/_criterion.template -------------------------------------

    def criterion(self, block) -> SafeString:
        criterion, t = block.criterion, self.t
        guidance = (
            f'<div><dt>{t["guidance"]}</dt><dd class="prewrap">'
            f"{_text(criterion.jury_guidance)}</dd></div>"
            if criterion.jury_guidance
            else ""
        )
        parts = [
            f'\n<h2 id="criterion-{criterion.pk}">{criterion.position}. '
            f"{_text(criterion.title)}</h2>\n"
            '<dl class="facts facts--inline criterion-facts">\n'
            f"  <div><dt>{t['question']}</dt><dd>{_text(criterion.question)}</dd></div>\n"
            f"  {guidance}\n"
            f"  <div><dt>{t['weight']}</dt><dd>{floatformat(criterion.weight, '-2')}</dd></div>\n"
            "</dl>\n",
            self.clauses(criterion),
            "\n",
        ]
        if block.cells:
            parts.append(
                f'\n<h3 class="answers-heading">{t["answers"]}</h3>\n<ol class="answer-grid">\n  '
            )
            parts.extend(self._cell(cell) for cell in block.cells)
            parts.append("\n</ol>\n")
        parts.append("\n\n")
        return mark_safe("".join(parts))

    def _cell(self, cell) -> str:
        t, nomination, answer = self.t, cell.nomination, cell.answer
        own = nomination.is_municipality_material
        text = answer.text if answer is not None else ""
        url = answer.evidence_url if answer is not None else ""
        body = (
            f'<p class="prewrap">{_text(text)}</p>'
            if text
            else f'<p class="muted"><em>{t["not_answered"]}</em></p>'
        )
        evidence = (
            f'<p class="evidence-link">{t["evidence"]} <a href="{_text(url)}" '
            f'rel="noopener noreferrer nofollow">{_text(url)}</a></p>'
            if url
            else ""
        )
        tag = f' <span class="tag">{t["own_material"]}</span>' if own else ""
        return (
            f'\n  <li class="answer-card{" answer-card--own" if own else ""}">\n'
            f'    <h4 class="answer-card__title"><span class="nomination-number">{cell.number}'
            f"</span> {self.nominator(nomination)}{tag}</h4>\n"
            f"    {body}\n"
            f"    {evidence}\n"
            f"    {self.files(cell.files) if cell.files else ''}\n"
            "  </li>\n  "
        )

    # --- scoring/_nominator.html and scoring/_files.html ---------------------------------------

    def nominator(self, nomination) -> str:
        """Who sent the nomination, with the include's last newline."""
        if nomination.pk not in self.nominators:
            name, organisation = nomination.nominator_name, nomination.organisation_name
            if name:
                written = _text(name) + (f", {_text(organisation)}" if organisation else "")
            elif organisation:
                written = _text(organisation)
            else:
                written = self.t["no_name"]
            self.nominators[nomination.pk] = written + "\n"
        return self.nominators[nomination.pk]

    def files(self, files) -> str:
        items = "".join(
            f'<li><a href="{self.file_url(file.pk)}" download>{_text(file.original_name)}</a> '
            f"({_text(filesizeformat(file.size))})</li>"
            for file in files
        )
        return f'<ul class="file-list">\n  {items}\n</ul>\n'

    # --- nominations/_criterion_clauses.html ---------------------------------------------------

    def clauses(self, criterion) -> str:
        clauses = list(criterion.clauses.all())
        if not clauses:
            return "\n"
        references = [_text(clause.reference) for clause in clauses]
        quotes = "".join(
            '\n  <blockquote class="clause-quote">\n'
            f"    <p>{_text(clause.text_html())}</p>\n"
            f'    <footer><a href="{_text(self._clause_url(clause))}" target="_blank" '
            f'rel="noopener">{self.read_in_platform % {"reference": reference}}'
            f'<span class="visually-hidden"> ({self.t["new_tab"]})</span></a></footer>\n'
            "  </blockquote>\n  "
            for clause, reference in zip(clauses, references, strict=True)
        )
        return (
            '\n<details class="cited-clauses">\n'
            f"  <summary>{self.t['rests_on']} {'; '.join(references)}</summary>\n"
            f"  {quotes}\n"
            "</details>\n\n"
        )

    def _clause_url(self, clause) -> str:
        """Clause.get_absolute_url(), the platform's address reversed once per platform."""
        if clause.platform_id not in self.platform_urls:
            self.platform_urls[clause.platform_id] = clause.platform.get_absolute_url()
        return f"{self.platform_urls[clause.platform_id]}#{clause.anchor}"

    # --- as tests/scoring/as_templates/_own_score.template -------------------------------------

    def own_score(self, block) -> SafeString:
        t, own, point = self.t, block.own, block.own_point
        if point is not None:
            score = f"{point.value} – {_text(point.description)}"
        elif own is not None and own.value:
            score = str(own.value)
        else:
            score = t["not_scored"]
        evidence = own.get_evidence_display() if own is not None else ""
        evidence = _text(evidence) if evidence else t["not_marked"]
        comment = _text(own.comment) if own is not None and own.comment else NONE
        return mark_safe(
            '<div class="own-score">\n'
            f"  <h3>{t['your_review']}</h3>\n"
            '  <dl class="facts facts--inline">\n'
            f"    <div><dt>{t['score']}</dt><dd>{score}</dd></div>\n"
            f"    <div><dt>{t['material']}</dt><dd>{evidence}</dd></div>\n"
            f'    <div><dt>{t["comment"]}</dt><dd class="prewrap">{comment}</dd></div>\n'
            "  </dl>\n"
            "</div>\n"
        )
