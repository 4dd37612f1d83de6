"""Careers: job postings and resumes."""

from __future__ import annotations

from gliner2_datasets.synthetic import filler
from gliner2_datasets.synthetic.core import Builder, Doc, Span, Val
from gliner2_datasets.synthetic.layouts import BLOCK_STYLES, block
from gliner2_datasets.synthetic.schema import DocType, StructSpec, spec
from gliner2_datasets.synthetic.values import CURRENCIES, Ctx
from gliner2_datasets.synthetic.vocab import DEGREES, SKILLS, TITLES

SENIORITY = ("junior", "mid-level", "senior", "lead")
SENIORITY_SURFACES = {
    "junior": ("Junior", "entry-level", "junior"),
    "mid-level": ("Mid-level", "mid-level", "intermediate"),
    "senior": ("Senior", "senior", "experienced"),
    "lead": ("Lead", "lead", "principal"),
}
REMOTE = ("yes", "no")
WORK_MODE = ("remote", "hybrid", "on-site")

JOB = StructSpec.of(
    "job posting|job|job offer|vacancy|position",
    company=spec("company|employer|hiring company|organisation", "the company that is hiring", required=True),
    title=spec("title|job title|role|position", "the job being offered", required=True),
    location=spec("location|city|place of work|office location", "where the job is based"),
    salary=spec("salary|pay|compensation|salary range", "what the job pays"),
    remote=spec("remote|remote work|can work remotely", "whether the job can be done remotely", choices=REMOTE),
    skills=spec("skills|required skills|requirements|tech stack", "skills the candidate needs"),
    seniority=spec("seniority|level|experience level", "how senior the role is", choices=SENIORITY),
    contact=spec("apply to|contact email|application email", "where to send applications"),
)

_JOB_PROSE = (
    "{company} is hiring a {title} in {location}, paying {salary}.",
    "{title} wanted at {company} ({location}). Salary: {salary}.",
    "Join {company} as {title}! Based in {location}, {salary} per year.",
    "We at {company} are looking for a {title} to join our team in {location}.",
)


def job_posting(ctx: Ctx) -> Doc:
    """A job ad: one-line prose, or a labelled block with description, skills list and benefits."""
    b = Builder()
    doc = Doc(b)
    seniority = ctx.pick(SENIORITY) if ctx.chance(0.7) else None
    title = ctx.pick(TITLES)
    in_title = seniority is not None and ctx.chance(0.6)
    if in_title:
        surface = ctx.pick(SENIORITY_SURFACES[seniority])
        title = f"{surface[0].upper()}{surface[1:]} {title}"
    low = ctx.rng.randrange(30, 120) * 1000
    symbol = CURRENCIES[ctx.currency][0]
    high = low * 13 // 10
    # Ranges stay within a span's word limit: "€45,000-58,500" is 8 words to the model, "$45,000.00 - $58,500.00" 13.
    salary = ctx.pick(
        (f"{symbol}{low:,}-{high:,}", ctx.money(low).text, f"{low // 1000}k-{high // 1000}k {ctx.currency}")
    )
    company = ctx.company()
    values: dict[str, Val | str] = {
        "company": company,
        "title": title,
        "location": ctx.city(),
        "salary": Val(salary, "money"),
        "contact": ctx.email(domain=ctx.domain(company.text)),
    }
    remote: str | None = None
    skills: list[Span] = []
    if ctx.chance(0.3):
        template = ctx.pick(_JOB_PROSE)
        spans = b.fill(template, **{k: v for k, v in values.items() if "{" + k + "}" in template})
        if ctx.chance(0.5):
            remote = ctx.pick(REMOTE)
            b.add(" " + ("Fully remote." if remote == "yes" else "This is an on-site role."))
        seniority = seniority if in_title else None
    else:
        spans, remote = _job_header(ctx, b, values, seniority)
        skills = _job_body(ctx, b)
        if ctx.chance(0.6):
            b.add("\n")
            spans["contact"] = b.line(
                ctx.pick(("Apply at {v}", "Send your CV to {v}", "Applications: {v}")), v=values["contact"]
            )["v"]
    doc.record("job posting", {**spans, "skills": skills, "remote": remote, "seniority": seniority})
    return doc


def _job_header(ctx: Ctx, b: Builder, values: dict[str, Val | str], seniority: str | None) -> tuple[dict, str | None]:
    """Title heading and labelled facts; returns their spans and the remote option shown (if any)."""
    title_span = b.line(ctx.pick(("# {v}", "{v}", "Job opening: {v}", "We're hiring: {v}")), v=values["title"])["v"]
    b.add("\n")
    rows = [
        (ctx.pick(("Company", "Employer")), values["company"], "company"),
        (ctx.pick(("Location", "Where", "Office")), values["location"], "location"),
    ]
    if ctx.chance(0.7):
        rows.append((ctx.pick(("Salary", "Compensation", "Pay")), values["salary"], "salary"))
    remote = None
    if ctx.chance(0.7):
        remote = ctx.pick(REMOTE)
        surface = ctx.pick(("Yes", "Remote", "Fully remote") if remote == "yes" else ("No", "On-site", "Office-based"))
        rows.append((ctx.pick(("Remote", "Work mode", "Remote work")), surface, "remote_text"))
    if seniority:
        level = ctx.pick(SENIORITY_SURFACES[seniority])
        rows.append((ctx.pick(("Level", "Seniority", "Experience")), level[0].upper() + level[1:], "level"))
    spans = block(b, rows, ctx.pick(BLOCK_STYLES))
    spans.pop("remote_text", None)
    spans.pop("level", None)
    spans["title"] = title_span
    b.add("\n")
    return spans, remote


def _job_body(ctx: Ctx, b: Builder) -> list[Span]:
    """About us, the role, the required skills (returned as spans) and benefits."""
    if ctx.chance(0.5):
        b.line(ctx.pick(("About us", "## About us", "Who we are")))
        filler.paragraph(ctx, b, "company", 1, 4)
        b.add("\n")
    b.line(ctx.pick(("About the role", "What you'll do", "## The role", "Responsibilities")))
    if ctx.chance(0.5):
        filler.bullets(ctx, b, "role", 2, 5)
    else:
        filler.paragraph(ctx, b, "role", 1, 3)
    b.add("\n")
    b.line(ctx.pick(("Requirements:", "What we're looking for:", "Skills:", "## Requirements")))
    bullet = ctx.pick(("- ", "* ", "• "))
    skills = []
    for skill in ctx.rng.sample(SKILLS, ctx.rng.randint(2, 6)):
        b.add(bullet)
        skills.append(b.put(skill))
        b.add(ctx.pick(("", " experience", " (nice to have)")) + "\n")
    if ctx.chance(0.4):
        b.add("\n")
        b.line(ctx.pick(("What we offer", "## Benefits", "Benefits:")))
        filler.bullets(ctx, b, "benefits", 2, 5)
    return skills


RESUME = StructSpec.of(
    "resume|cv|candidate|applicant",
    name=spec("name|candidate name|full name|applicant", "the candidate's name", required=True),
    email=spec("email|e-mail|contact email", "the candidate's e-mail address"),
    phone=spec("phone|phone number|mobile", "the candidate's phone number"),
    location=spec("location|city|based in|home town", "where the candidate lives"),
    headline=spec("headline|current title|profession|job title", "the candidate's professional title"),
    skills=spec("skills|key skills|competencies|expertise", "the candidate's skills"),
)
EXPERIENCE = StructSpec.of(
    "work experience|job|position held|employment",
    employer=spec("employer|company|organisation", "where the candidate worked", required=True),
    role=spec("role|title|job title|position", "the candidate's title there"),
    start=spec("start date|from|started", "when the job began"),
    end=spec("end date|to|until|left", "when the job ended; absent if current"),
)
EDUCATION = StructSpec.of(
    "education|degree|qualification",
    school=spec("school|university|institution", "where the candidate studied", required=True),
    degree=spec("degree|qualification|diploma", "what was studied or obtained"),
    year=spec("year|graduation year|completed", "when it was completed"),
)


def _education(ctx: Ctx, b: Builder, doc: Doc) -> None:
    """The education section: one or two degree lines, each an ``education`` record."""
    b.line(ctx.pick(("Education", "## Education", "EDUCATION")))
    for _ in range(ctx.rng.randint(1, 2)):
        school = Val(f"University of {ctx.faker('city', any_locale=True)}", "organisation")
        entry = b.line(
            ctx.pick(("{degree}, {school}, {year}", "{school}: {degree} ({year})")),
            degree=ctx.pick(DEGREES),
            school=school,
            year=Val(str(ctx.rng.randint(1995, 2020)), "date"),
        )
        doc.record("education", entry)


def resume(ctx: Ctx) -> Doc:
    """A multi-section CV: contact header, summary, experience entries, education and skills."""
    b = Builder()
    doc = Doc(b)
    person = ctx.person()
    spans: dict[str, Span] = {"name": b.line(ctx.pick(("{v}", "# {v}", "CURRICULUM VITAE - {v}")), v=person)["v"]}
    headline = ctx.pick(TITLES)
    if ctx.chance(0.7):
        spans["headline"] = b.line("{v}", v=headline)["v"]
    contact = [("email", ctx.email(person.text)), ("phone", ctx.phone()), ("location", ctx.city())]
    contact = [(k, v) for k, v in contact if ctx.chance(0.75)]
    for i, (key, value) in enumerate(contact):
        b.add(" | " if i else "")
        spans[key] = b.put(value)
    b.add("\n\n" if contact else "\n")
    if ctx.chance(0.6):
        b.line(ctx.pick(("Summary", "## Profile", "PROFILE")))
        b.line(
            f"{ctx.pick(('Experienced', 'Motivated', 'Detail-oriented'))} {headline.lower()} with a track record "
            f"of delivering {ctx.pick(('reliable software', 'measurable growth', 'projects on time'))}."
        )
        b.add("\n")
    b.line(ctx.pick(("Experience", "## Work experience", "EMPLOYMENT HISTORY")))
    year = ctx.rng.randint(2008, 2016)
    for index in range(ctx.count(1, 4, 7)):
        start_year, year = year, year + ctx.rng.randint(1, 4)
        current = index == 0 and ctx.chance(0.5)
        entry = b.fill(
            ctx.pick(("{role}, {employer} ", "{role} at {employer} ", "{employer} - {role} ")),
            role=ctx.pick(TITLES),
            employer=ctx.company(),
        )
        b.add("(")
        entry["start"] = b.put(Val(ctx.pick((str(start_year), f"{ctx.rng.randint(1, 12):02d}/{start_year}")), "date"))
        b.add(" - ")
        if current:
            b.add(ctx.pick(("present", "today", "now")))
        else:
            entry["end"] = b.put(Val(str(year), "date"))
        b.line(")")
        if ctx.chance(0.7):
            filler.bullets(ctx, b, "resume", 1, 3)
        doc.record("experience", entry)
    b.add("\n")
    _education(ctx, b, doc)
    skills: list[Span] = []
    if ctx.chance(0.8):
        b.add("\n")
        b.add(ctx.pick(("Skills: ", "SKILLS\n", "## Skills\n")))
        for i, skill in enumerate(ctx.rng.sample(SKILLS, ctx.rng.randint(2, 7))):
            b.add(", " if i else "")
            skills.append(b.put(skill))
        b.add("\n")
    doc.record("resume", {**spans, "skills": skills}, first=True)
    return doc


TYPES: tuple[DocType, ...] = (
    DocType("job posting", {"job posting": JOB}, job_posting),
    DocType("resume", {"resume": RESUME, "experience": EXPERIENCE, "education": EDUCATION}, resume),
)
