"""Word lists the document generators draw from (entity-free unless noted)."""

from __future__ import annotations

PRODUCTS = (
    "USB-C charging cable",
    "wireless mouse",
    "A4 copy paper (500 sheets)",
    "office chair",
    "LED desk lamp",
    "espresso beans 1kg",
    "printer toner cartridge",
    "laptop stand",
    "ergonomic keyboard",
    "27-inch monitor",
    "consulting hours",
    "website maintenance",
    "cloud hosting (monthly)",
    "software licence",
    "safety gloves",
    "stainless steel bolts M8",
    "packing tape",
    "cardboard boxes",
    "whiteboard markers",
    "network switch",
    "graphic design services",
    "translation services",
    "cleaning service",
    "HDMI cable 2m",
    "external SSD 1TB",
    "notebook pack",
    "ballpoint pens (box of 50)",
    "coffee mugs",
    "hand sanitiser 500ml",
    "first aid kit",
)

GROCERIES = (
    "MILK 1L",
    "BREAD",
    "BANANAS",
    "EGGS 12",
    "COFFEE",
    "BUTTER",
    "APPLES",
    "CHEESE",
    "PASTA",
    "TOMATOES",
    "WATER 6X1.5L",
    "YOGURT",
    "RICE 1KG",
    "CHOCOLATE",
    "ORANGE JUICE",
    "CHICKEN BREAST",
    "OLIVE OIL",
    "TEA",
)

BRANDS = ("Nordwind", "Lumio", "Kestrel", "Aurora Labs", "Ferro", "Velvetine", "Bergmann", "Solace", "Trailhead")

COLOURS = ("black", "white", "navy", "olive", "sand", "red", "silver", "graphite", "sky blue", "forest green")

KINDS = (
    "Wireless Headphones",
    "Trail Running Shoes",
    "Espresso Machine",
    "Backpack 30L",
    "Smart Watch",
    "Desk Lamp",
    "Rain Jacket",
    "Bluetooth Speaker",
    "Office Chair",
    "Water Bottle 750ml",
)

CARRIERS = ("DHL Express", "UPS", "FedEx", "DPD", "Royal Mail", "GLS", "La Poste", "USPS")

TITLES = (
    "Software Engineer",
    "Senior Data Scientist",
    "Product Manager",
    "Account Executive",
    "Marketing Manager",
    "Backend Developer",
    "Financial Analyst",
    "UX Designer",
    "Operations Lead",
    "Customer Success Manager",
    "DevOps Engineer",
    "Head of Sales",
    "HR Business Partner",
    "Machine Learning Engineer",
    "Office Manager",
    "Frontend Developer",
    "Supply Chain Analyst",
    "Legal Counsel",
    "Technical Writer",
    "QA Engineer",
)

SKILLS = (
    "Python",
    "SQL",
    "Java",
    "TypeScript",
    "React",
    "Kubernetes",
    "AWS",
    "Docker",
    "Excel",
    "Salesforce",
    "project management",
    "negotiation",
    "Figma",
    "Go",
    "Rust",
    "machine learning",
    "data analysis",
    "Spark",
    "public speaking",
    "German",
    "French",
    "Tableau",
    "Linux",
    "Terraform",
    "SAP",
    "copywriting",
)

DEGREES = (
    "BSc Computer Science",
    "MSc Data Science",
    "BA Economics",
    "MBA",
    "BEng Mechanical Engineering",
    "MA English Literature",
    "PhD Physics",
    "BSc Mathematics",
    "Diploma in Marketing",
)

TOPICS = (
    "the Q3 budget",
    "the website relaunch",
    "hiring for the data team",
    "the supplier contract",
    "the office move",
    "the customer onboarding flow",
    "the annual report",
    "the security audit",
    "the product roadmap",
    "the trade fair stand",
    "the migration to the new CRM",
    "the pricing update",
)

TASKS = (
    "send the revised budget to finance",
    "book the venue",
    "update the project plan",
    "draft the press release",
    "review the contract with legal",
    "collect quotes from three suppliers",
    "set up the test environment",
    "schedule interviews",
    "prepare the board slides",
    "fix the login bug",
    "call the customer back",
    "order new laptops",
    "write the onboarding guide",
    "clean up the shared drive",
)

THEMES = (
    "Future of Data",
    "Green Energy",
    "Open Source",
    "Jazz by the River",
    "Small Business",
    "Healthy Cities",
    "AI in Practice",
    "Spring Fundraising",
    "Women in Tech",
    "Local Food",
    "Design Systems",
    "Winter Lights",
)

COMPANY_NEWS = (
    "announced a merger with a regional competitor",
    "opened a new headquarters",
    "recalled 2,000 vehicles",
    "signed a supply agreement",
    "cut 300 jobs",
    "launched an electric bus fleet",
    "received a government grant",
    "published its annual sustainability report",
    "filed for insolvency",
    "broke ground on a new hospital",
)

PERSON_NEWS = (
    "was elected mayor",
    "won a national award",
    "resigned as chief executive",
    "opened a new bakery",
    "was appointed head of the regional hospital",
    "set a new marathon record",
    "donated an art collection to the city",
    "announced a run for parliament",
)

SOFTWARE = (
    "CloudDesk Pro",
    "the mobile app",
    "PayFlow",
    "the web dashboard",
    "Router X200",
    "SmartHome Hub",
    "Sync Drive",
)

PROBLEMS = {
    "billing": ("I was charged twice for my subscription this month.", "My invoice shows the wrong VAT number."),
    "technical": ("The app crashes every time I open the settings page.", "Exports to CSV are empty since the update."),
    "account": ("I cannot reset my password, the reset e-mail never arrives.", "Please delete my account and data."),
    "shipping": ("My parcel has not arrived although tracking says delivered.", "The package arrived damaged."),
}

EVENT_KINDS = ("conference", "workshop", "meetup", "concert", "webinar", "charity run", "book launch", "trade fair")

MERCHANTS = (
    "Amazon Marketplace",
    "Tesco Stores",
    "Shell",
    "Netflix",
    "Uber",
    "Spotify",
    "Deutsche Bahn",
    "Starbucks",
    "IKEA",
    "Apple.com",
    "Lidl",
    "Vodafone",
)
"""Payees that are organisations (tagged as such)."""

PAYEES = (
    "Salary",
    "Rent",
    "Gym membership",
    "Electricity bill",
    "Insurance premium",
    "ATM withdrawal",
    "Refund",
    "Transfer to savings",
    "Card payment",
    "Direct debit",
)
