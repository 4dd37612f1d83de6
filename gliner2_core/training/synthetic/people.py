"""Documents about people: contact cards, e-mail signatures, job postings and resumes."""

from __future__ import annotations

from gliner2_core.training.synthetic import filler
from gliner2_core.training.synthetic.core import Builder, Doc, Span, Val
from gliner2_core.training.synthetic.layouts import BLOCK_STYLES, block
from gliner2_core.training.synthetic.schema import DocType, StructSpec, spec
from gliner2_core.training.synthetic.values import Ctx

TITLES = (
    "Software Engineer", "Senior Data Scientist", "Product Manager", "Account Executive", "Marketing Manager",
    "Backend Developer", "Financial Analyst", "UX Designer", "Operations Lead", "Customer Success Manager",
    "DevOps Engineer", "Head of Sales", "HR Business Partner", "Machine Learning Engineer", "Office Manager",
    "Frontend Developer", "Supply Chain Analyst", "Legal Counsel", "Technical Writer", "QA Engineer",
)  # fmt: skip
SKILLS = (
    "Python", "SQL", "Java", "TypeScript", "React", "Kubernetes", "AWS", "Docker", "Excel", "Salesforce",
    "project management", "negotiation", "Figma", "Go", "Rust", "machine learning", "data analysis", "Spark",
    "public speaking", "German", "French", "Tableau", "Linux", "Terraform", "SAP", "copywriting",
)  # fmt: skip
SENIORITY = ("junior", "mid-level", "senior", "lead")
SENIORITY_SURFACES = {
    "junior": ("Junior", "entry-level", "junior"), "mid-level": ("Mid-level", "mid-level", "intermediate"),
    "senior": ("Senior", "senior", "experienced"), "lead": ("Lead", "lead", "principal"),
}  # fmt: skip
REMOTE = ("yes", "no")
WORK_MODE = ("remote", "hybrid", "on-site")

CONTACT = StructSpec.of(
    "contact|person|contact card|contact details",
    name=spec("name|full name|person|contact name", "the person's full name", required=True),
    title=spec("job title|title|position|role", "the person's job title"),
    company=spec("company|organisation|employer|organization", "where the person works"),
    email=spec("email|e-mail|email address", "the person's e-mail address"),
    phone=spec("phone|phone number|telephone|mobile", "the person's phone number"),
    address=spec("address|postal address|office address", "the person's postal address"),
    website=spec("website|web site|url|homepage", "a web address"),
)


def _contact(ctx: Ctx) -> dict[str, Val | str]:
    person = ctx.person()
    company = ctx.company()
    return {"name": person, "title": ctx.pick(TITLES), "company": company, "email": ctx.email(person.text),
            "phone": ctx.phone(), "address": ctx.address(multiline=ctx.chance(0.5)),
            "website": "www." + ctx.domain(company.text)}  # fmt: skip


_CONTACT_LABELS = {"name": ("Name", "Full name", "Contact"), "title": ("Title", "Position", "Role"),
                   "company": ("Company", "Organisation", "Employer"), "email": ("Email", "E-mail", "Mail"),
                   "phone": ("Phone", "Tel", "Mobile", "Telephone"), "address": ("Address", "Office"),
                   "website": ("Web", "Website", "URL")}  # fmt: skip


def contact_card(ctx: Ctx) -> Doc:
    """One to four contact cards, as labelled blocks, a vCard-like list or one-line prose."""
    b = Builder()
    doc = Doc(b)
    style = ctx.pick(BLOCK_STYLES + ("prose",))
    if ctx.chance(0.5):
        b.line(ctx.pick(("Contacts", "Team directory", "Attendees' contact details", "Key contacts", "## Contacts")))
    for i in range(ctx.rng.choices((1, 2, 3, 4), (4, 3, 2, 1))[0]):
        values = _contact(ctx)
        kept = [k for k in values if k == "name" or ctx.chance(0.7)]
        if style == "prose":
            spans = b.fill(
                "{name}" + (", {title}" if "title" in kept else "") + (" at {company}" if "company" in kept else "")
                + (", can be reached at {email}" if "email" in kept else "") + (" or on {phone}" if "phone" in kept
                else "") + ".", **{k: values[k] for k in kept})  # fmt: skip
            b.add(" ")
        else:
            rows = [(ctx.pick(_CONTACT_LABELS[k]), values[k], k) for k in kept]
            if style == "table":
                b.add("\n" if i else "")
            spans = block(b, rows, style)
            b.add("\n")
        doc.record("contact", spans)
    return doc


def email_signature(ctx: Ctx) -> Doc:
    """An e-mail whose sender signs with name, title, company and contact lines."""
    b = Builder()
    doc = Doc(b)
    other = ctx.person()
    b.line(ctx.pick(("Hi {v},", "Dear {v},", "Hello {v},")), v=ctx.first_name(other))
    b.add("\n")
    b.line(ctx.pick((
        "Thanks for your time on the call today. As discussed, I have attached the revised proposal and the "
        "timeline for the next phase. Let me know if anything is unclear.",
        "Just a quick follow-up on my previous message: could you confirm whether the delivery can go ahead next week?",
        "Please find the signed contract attached. We look forward to working with you.",
        "I am out of the office until Monday with limited access to e-mail.",
    )))  # fmt: skip
    b.add("\n")
    doc.record("contact", signature(ctx, b))
    return doc


def signature(ctx: Ctx, b: Builder) -> dict[str, Span]:
    """Write a sign-off and an e-mail signature block; returns the contact spans."""
    values = _contact(ctx)
    b.line(ctx.pick(("Best regards,", "Kind regards,", "Cheers,", "Thanks,", "Best,", "Regards,")))
    spans: dict[str, Span] = {"name": b.line("{v}", v=values["name"])["v"]}
    if ctx.chance(0.8):
        if ctx.chance(0.5):
            spans.update(b.line("{title} | {company}", title=values["title"], company=values["company"]))
        else:
            spans["title"] = b.line("{v}", v=values["title"])["v"]
            spans["company"] = b.line("{v}", v=values["company"])["v"]
    for key, labels in (("phone", ("T: ", "Tel. ", "Phone: ", "M: ", "")), ("email", ("E: ", "Email: ", "")),
                        ("website", ("W: ", "")), ("address", ("", "A: "))):  # fmt: skip
        if ctx.chance(0.6):
            spans[key] = b.line(ctx.pick(labels) + "{v}", v=values[key])["v"]
    return spans


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
    """A job ad: one-line prose, or a labelled block with a skills list and description."""
    b = Builder()
    doc = Doc(b)
    seniority = ctx.pick(SENIORITY) if ctx.chance(0.7) else None
    title = ctx.pick(TITLES)
    in_title = seniority is not None and ctx.chance(0.6)
    if in_title:
        title = f"{ctx.pick(SENIORITY_SURFACES[seniority])} {title}"
    low = ctx.rng.randrange(30, 120) * 1000
    salary = ctx.pick((f"{ctx.money(low, style=0).text} - {ctx.money(low * 1.3, style=0).text}",
                       ctx.money(low).text, f"{low // 1000}k-{low * 13 // 10000}k {ctx.currency}"))  # fmt: skip
    company = ctx.company()
    values: dict[str, Val | str] = {"company": company, "title": title, "location": ctx.city(),
                                    "salary": Val(salary, "money"), "contact": ctx.email(domain=ctx.domain(company.text))}  # fmt: skip
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
        title_span = b.line(ctx.pick(("# {v}", "{v}", "Job opening: {v}", "We're hiring: {v}")), v=title)["v"]
        b.add("\n")
        rows = [(ctx.pick(("Company", "Employer")), company, "company"),
                (ctx.pick(("Location", "Where", "Office")), values["location"], "location")]  # fmt: skip
        if ctx.chance(0.7):
            rows.append((ctx.pick(("Salary", "Compensation", "Pay")), values["salary"], "salary"))
        if ctx.chance(0.7):
            remote = ctx.pick(REMOTE)
            surface = ctx.pick(("Yes", "Remote", "Fully remote") if remote == "yes" else ("No", "On-site", "Office-based"))
            rows.append((ctx.pick(("Remote", "Work mode", "Remote work")), surface, "remote_text"))
        if seniority:
            rows.append((ctx.pick(("Level", "Seniority", "Experience")), ctx.pick(SENIORITY_SURFACES[seniority]), "level"))
        spans = block(b, rows, ctx.pick(BLOCK_STYLES))
        spans.pop("remote_text", None)
        spans.pop("level", None)
        spans["title"] = title_span
        b.add("\n")
        if ctx.chance(0.5):
            b.line(ctx.pick(("About us", "## About us", "Who we are")))
            filler.paragraph(ctx, b, "company", 1, 4)
            b.add("\n")
        b.line(ctx.pick(("About the role", "What you'll do", "## The role", "Responsibilities")))
        if ctx.chance(0.5):
            filler.bullets(ctx, b, "role", 2, 5)
        else:
            b.line(ctx.pick((
                "You will work with a small, friendly team to design, build and run the services our customers rely on.",
                "You will own projects end to end, talk to customers, and help shape the roadmap for the next year.",
                "We are growing fast and need someone who enjoys solving hard problems and mentoring others.",
            )))  # fmt: skip
        b.add("\n")
        b.line(ctx.pick(("Requirements:", "What we're looking for:", "Skills:", "## Requirements")))
        bullet = ctx.pick(("- ", "* ", "• "))
        for skill in ctx.rng.sample(SKILLS, ctx.rng.randint(2, 6)):
            b.add(bullet)
            skills.append(b.put(skill))
            b.add(ctx.pick(("", " experience", " (nice to have)")) + "\n")
        if ctx.chance(0.4):
            b.add("\n")
            b.line(ctx.pick(("What we offer", "## Benefits", "Benefits:")))
            filler.bullets(ctx, b, "benefits", 2, 5)
        if ctx.chance(0.6):
            b.add("\n")
            spans["contact"] = b.line(ctx.pick(("Apply at {v}", "Send your CV to {v}", "Applications: {v}")),
                                      v=values["contact"])["v"]  # fmt: skip
    doc.record("job posting", {**spans, "skills": skills, "remote": remote, "seniority": seniority})
    return doc



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
DEGREES = ("BSc Computer Science", "MSc Data Science", "BA Economics", "MBA", "BEng Mechanical Engineering",
           "MA English Literature", "PhD Physics", "BSc Mathematics", "Diploma in Marketing")  # fmt: skip


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
        b.line(f"{ctx.pick(('Experienced', 'Motivated', 'Detail-oriented'))} {headline.lower()} with a track record "
               f"of delivering {ctx.pick(('reliable software', 'measurable growth', 'projects on time'))}.")  # fmt: skip
        b.add("\n")
    b.line(ctx.pick(("Experience", "## Work experience", "EMPLOYMENT HISTORY")))
    year = ctx.rng.randint(2008, 2016)
    for index in range(ctx.count(1, 4, 7)):
        start_year, year = year, year + ctx.rng.randint(1, 4)
        current = index == 0 and ctx.chance(0.5)
        entry = b.fill(ctx.pick(("{role}, {employer} ", "{role} at {employer} ", "{employer} - {role} ")),
                       role=ctx.pick(TITLES), employer=ctx.company())  # fmt: skip
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
    b.line(ctx.pick(("Education", "## Education", "EDUCATION")))
    for _ in range(ctx.rng.randint(1, 2)):
        school = Val(f"University of {ctx.faker('city', any_locale=True)}", "organisation")
        entry = b.line(ctx.pick(("{degree}, {school}, {year}", "{school}: {degree} ({year})")), degree=ctx.pick(DEGREES),
                       school=school, year=Val(str(ctx.rng.randint(1995, 2020)), "date"))  # fmt: skip
        doc.record("education", entry)
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
    DocType("contact card", {"contact": CONTACT}, contact_card),
    DocType("email signature", {"contact": CONTACT}, email_signature),
    DocType("job posting", {"job posting": JOB}, job_posting),
    DocType("resume", {"resume": RESUME, "experience": EXPERIENCE, "education": EDUCATION}, resume),
)
