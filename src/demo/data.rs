//! The demo's fixed text: its people, partners, named accounts, places,
//! stakeholders, moments of truth, metric templates, promises and notes.

use crate::domain::{Direction, Layer, MetricKind, Severity};

pub const DIRECTORS: [&str; 4] = ["Dana Cole", "Ravi Menon", "Sofia Marques", "Tom Becker"];
pub(super) const STAFF: [&str; 3] = ["Lea Fischer", "Sam Ortiz", "Priya Shah"];
pub(super) const PROACTIVE_BIAS: [f64; 4] = [0.75, 0.35, 0.6, 0.5];

/// The business partners: name, function, owner, and the KPIs they answer
/// for. Most KPIs are those the metric templates line up with; a few serve
/// no customer metric yet, so the report has both to show.
pub(super) const PARTNERS: [(&str, &str, &str, &[&str]); 4] = [
    (
        "Medical Affairs",
        "clinical education and evidence",
        "Priya Shah",
        &["Time to treatment", "HCP education reach"],
    ),
    (
        "Field Service",
        "installation, maintenance and repair",
        "Sam Ortiz",
        &["Contract uptime", "First-time fix rate"],
    ),
    (
        "Applications",
        "clinical applications training and workflow consulting",
        "Lea Fischer",
        &["Workflow efficiency", "Utilisation", "Image quality index"],
    ),
    (
        "Market Access",
        "pricing, contracting and the value case",
        "Priya Shah",
        &["Customer ROI", "Formulary listings"],
    ),
];

/// The named accounts: name, handle, and the region the name is in.
pub(super) const ACCOUNTS: [(&str, &str, &str); 40] = [
    ("Mercy General Hospital", "mercy", "North America"),
    ("St Luke's Cancer Centre", "stlukes", "UK & Ireland"),
    ("Riverside Medical Center", "riverside", "North America"),
    ("Hôpital Saint-Éloi", "saint-eloi", "France & Benelux"),
    ("Müller Klinik Freiburg", "muller", "DACH"),
    ("Northgate Lab Network", "northgate", "UK & Ireland"),
    ("Harbour View Oncology", "harbour", "UK & Ireland"),
    ("Lakeside University Hospital", "lakeside", "North America"),
    ("Clínica San Rafael", "sanrafael", "Iberia"),
    ("Kingsbridge Diagnostics", "kingsbridge", "UK & Ireland"),
    ("Aurora Children's Hospital", "aurora", "North America"),
    ("Fjordheim Sykehus", "fjordheim", "Nordics"),
    ("Meadowbrook Regional", "meadowbrook", "North America"),
    ("Pinecrest Cancer Institute", "pinecrest", "North America"),
    ("Ospedale Santa Chiara", "santachiara", "Italy"),
    ("Westfield Pathology Group", "westfield", "North America"),
    ("Highland Heart Centre", "highland", "UK & Ireland"),
    ("Bayside Community Hospital", "bayside", "North America"),
    ("Universitätsklinikum Rheintal", "rheintal", "DACH"),
    ("Cedar Valley Imaging", "cedar", "North America"),
    ("Royal Docklands Infirmary", "docklands", "UK & Ireland"),
    ("Silverline Lab Services", "silverline", "North America"),
    ("Hospital da Luz Norte", "luznorte", "Iberia"),
    ("Greenway Oncology Partners", "greenway", "North America"),
    ("Maple Grove Medical", "maplegrove", "North America"),
    (
        "Centre Hospitalier de Lyon-Est",
        "lyon-est",
        "France & Benelux",
    ),
    ("Summit Proton Center", "summit", "North America"),
    ("Eastbrook Clinical Labs", "eastbrook", "North America"),
    ("Oakridge Veterans Hospital", "oakridge", "North America"),
    ("Karolinska Södra", "sodra", "Nordics"),
    ("Bridgewater Women's Health", "bridgewater", "North America"),
    ("Thistle Cancer Care", "thistle", "UK & Ireland"),
    ("Valle Verde Hospital", "valleverde", "Iberia"),
    ("Copperfield Radiology", "copperfield", "UK & Ireland"),
    ("Sint-Jan Ziekenhuis", "sintjan", "France & Benelux"),
    ("Redwood Genomics Lab", "redwood", "North America"),
    (
        "Lighthouse Hospice & Palliative",
        "lighthouse",
        "UK & Ireland",
    ),
    ("Ashford Teaching Hospital", "ashford", "UK & Ireland"),
    ("Polaris Cardiac Institute", "polaris", "North America"),
    ("Elm Street Family Clinics", "elmstreet", "North America"),
];

pub(super) const PLACES: [&str; 16] = [
    "Ashby",
    "Brookfield",
    "Carden",
    "Dunmore",
    "Elston",
    "Farrow",
    "Glenhaven",
    "Hartwell",
    "Ivybridge",
    "Jasper",
    "Kestrel",
    "Linwood",
    "Marston",
    "Norcross",
    "Oakham",
    "Penrose",
];
pub(super) const KINDS: [&str; 5] = [
    "General Hospital",
    "Cancer Centre",
    "Lab Network",
    "Medical Center",
    "Imaging",
];
pub(super) const REGIONS: [&str; 6] = [
    "UK & Ireland",
    "DACH",
    "Nordics",
    "Iberia",
    "France & Benelux",
    "North America",
];
pub(super) const AREAS: [&str; 6] = [
    "oncology",
    "cardiology",
    "radiology",
    "neurology",
    "laboratory",
    "women's health",
];

pub(super) const WHYS: [&str; 6] = [
    "We want every patient treated the same day they are diagnosed.",
    "Our radiologists should spend their time reading, not waiting on machines.",
    "We promised our community shorter waits, and the board holds us to it.",
    "Fewer repeat scans: less dose for patients, more slots for new ones.",
    "Our lab results must reach the ward before the morning round.",
    "We are becoming the regional centre of excellence; we need to prove it.",
];

pub(super) const STAKEHOLDERS: [(&str, &str, Layer); 8] = [
    ("Dr Helen Lee", "Head of Radiology", Layer::Physician),
    ("Dr Omar Haddad", "Consultant Oncologist", Layer::Physician),
    ("Ana Ruiz", "Nurse Manager", Layer::Nursing),
    (
        "Marc Dubois",
        "Chief Operating Officer",
        Layer::Administration,
    ),
    ("Jonas Berg", "PACS Administrator", Layer::It),
    ("Claire Moreau", "Procurement Lead", Layer::Procurement),
    ("Grace Okafor", "Patient Advisory Board", Layer::Patient),
    ("Dr Yuki Tanaka", "Lab Director", Layer::Physician),
];

pub(super) const MOMENTS: [(&str, Severity); 5] = [
    (
        "Scanner down during a full oncology list",
        Severity::Critical,
    ),
    (
        "Results not on the ward before the morning round",
        Severity::High,
    ),
    (
        "Treatment delayed because a referral is lost",
        Severity::Critical,
    ),
    (
        "New staff cannot use the software unaided",
        Severity::Medium,
    ),
    ("Service engineer arrives without the part", Severity::High),
];

pub(super) struct MetricTemplate {
    pub(super) name: &'static str,
    pub(super) words: &'static str,
    pub(super) kind: MetricKind,
    pub(super) unit: &'static str,
    pub(super) direction: Direction,
    pub(super) baseline: f64,
    pub(super) target: f64,
    pub(super) noise: f64,
    pub(super) kpi: &'static str,
    /// How it is measured: intended result, calculation, data source,
    /// every how many days, by whom.
    pub(super) definition: (&'static str, &'static str, &'static str, u32, &'static str),
}

pub(super) const METRICS: [MetricTemplate; 6] = [
    MetricTemplate {
        name: "Door-to-needle time",
        words: "Stroke patients get the drug within 45 minutes of arriving",
        kind: MetricKind::Outcome,
        unit: "min",
        direction: Direction::Lower,
        baseline: 62.0,
        target: 45.0,
        noise: 3.0,
        definition: (
            "Every stroke patient treated in time",
            "Median minutes from arrival to needle, per month",
            "Their stroke registry",
            30,
            "Stroke nurse lead",
        ),
        kpi: "Time to treatment",
    },
    MetricTemplate {
        name: "Scanner uptime",
        words: "The scanner is there when a patient is on the table",
        kind: MetricKind::Operational,
        unit: "%",
        direction: Direction::Higher,
        baseline: 95.5,
        target: 99.0,
        noise: 0.6,
        definition: (
            "No patient sent away for a down scanner",
            "Hours available ÷ scheduled hours, read twice a week",
            "Service log",
            3,
            "Field service engineer",
        ),
        kpi: "Contract uptime",
    },
    MetricTemplate {
        name: "Report turnaround",
        words: "Referrers have the report before the patient leaves",
        kind: MetricKind::Operational,
        unit: "h",
        direction: Direction::Lower,
        baseline: 26.0,
        target: 12.0,
        noise: 2.0,
        definition: (
            "Results reach the clinician the same day",
            "Median hours from sample to signed report",
            "Their LIS export",
            30,
            "Lab manager",
        ),
        kpi: "Workflow efficiency",
    },
    MetricTemplate {
        name: "Same-day treatment share",
        words: "Diagnosed today, treated today",
        kind: MetricKind::Outcome,
        unit: "%",
        direction: Direction::Higher,
        baseline: 38.0,
        target: 60.0,
        noise: 3.0,
        definition: (
            "Every slot on the machine used",
            "Scans done ÷ slots scheduled, per week",
            "Scheduling system",
            30,
            "Imaging lead",
        ),
        kpi: "Utilisation",
    },
    MetricTemplate {
        name: "Repeat scan rate",
        words: "Nobody is scanned twice because the first one failed",
        kind: MetricKind::Outcome,
        unit: "%",
        direction: Direction::Lower,
        baseline: 7.5,
        target: 3.0,
        noise: 0.5,
        definition: (
            "Images good enough the first time",
            "Repeat scans ÷ all scans, per month",
            "PACS audit",
            30,
            "Chief radiographer",
        ),
        kpi: "Image quality index",
    },
    MetricTemplate {
        name: "Cost per procedure",
        words: "We can afford to treat more patients with the same budget",
        kind: MetricKind::BusinessCase,
        unit: "EUR",
        direction: Direction::Lower,
        baseline: 410.0,
        target: 340.0,
        noise: 9.0,
        definition: (
            "The investment pays back as promised",
            "Savings to date ÷ savings planned",
            "Finance review",
            90,
            "Their CFO office",
        ),
        kpi: "Customer ROI",
    },
];

pub(super) const PROMISES: [&str; 10] = [
    "Send the dosing report",
    "Arrange a refresher training for the night shift",
    "Escalate the detector fault to engineering",
    "Share the benchmark from a peer centre",
    "Connect them with the lead user at another site",
    "Deliver the uptime report for the quarter",
    "Bring the new protocol templates",
    "Confirm the upgrade schedule with IT",
    "Review the service contract terms",
    "Set up the workflow analysis session",
];

/// Notes that fit a reactive visit, and a proactive one.
pub(super) const REACTIVE_NOTES: [&str; 3] = [
    "Fault follow-up with the service engineer",
    "Called in after a failed scan on the night shift",
    "Escalation about a delayed report",
];
pub(super) const PROACTIVE_NOTES: [&str; 4] = [
    "Quarterly review of their success metrics",
    "Checked in with the nursing team on the new workflow",
    "Walked the department with the head of radiology",
    "Renewal conversation with administration",
];

pub(super) const VISIT_NOTES: [&str; 6] = [
    "Quarterly review of their success metrics",
    "Checked in with the nursing team on the new workflow",
    "Fault follow-up with the service engineer",
    "Walked the department with the head of radiology",
    "Training on the advanced software functions",
    "Renewal conversation with administration",
];
