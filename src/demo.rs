//! A realistic, deterministic demo portfolio: fictional hospitals, cancer
//! centres and lab networks across four directors and every stage, with
//! customer-defined metrics (some with real XmR signals), visits of both
//! intents and commitments in every status. The same generator scales to
//! hundreds of thousands of accounts for benchmarks.

use crate::domain::dates::add_days;
use crate::domain::{
    Account, Baseline, Commitment, Date, Direction, Intent, Layer, Measurement, Metric, MetricKind,
    Moment, Renegotiation, Severity, Stage, StageSpan, Stakeholder, Status, Visit, VisitKind,
};
use crate::store::{Result, Sink};
use uuid::Uuid;

/// SplitMix64: small, fast and the same on every machine; it also counts
/// the uuids it has made, to give them a rising timestamp.
struct Rng(u64, u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 * 1.0 < p
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Roughly normal noise (sum of uniforms), mean 0, sd ≈ 1.
    fn noise(&mut self) -> f64 {
        (0..4).map(|_| self.unit()).sum::<f64>() * 1.732 - 3.464
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// A uuid drawn from the generator, so the demo is the same every time.
    /// A version-7 uuid drawn from the generator, so the demo is the same
    /// every time. Its timestamp rises one millisecond per uuid, as real
    /// ones made one after another would, which keeps the id indexes
    /// appending instead of scattering (a large demo loads several times faster).
    fn uuid(&mut self) -> Uuid {
        self.1 += 1;
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&self.next().to_be_bytes());
        bytes[8..].copy_from_slice(&self.next().to_be_bytes()[..2]);
        // 1 Jan 2026, 00:00 UTC, in milliseconds.
        uuid::Builder::from_unix_timestamp_millis(1_767_225_600_000 + self.1, &bytes).into_uuid()
    }
}

pub const DIRECTORS: [&str; 4] = ["Dana Cole", "Ravi Menon", "Sofia Marques", "Tom Becker"];
const STAFF: [&str; 3] = ["Lea Fischer", "Sam Ortiz", "Priya Shah"];
const PROACTIVE_BIAS: [f64; 4] = [0.75, 0.35, 0.6, 0.5];

/// The business partners: name, function, owner, and the KPIs they answer
/// for. Most KPIs are those the metric templates line up with; a few serve
/// no customer metric yet, so the report has both to show.
const PARTNERS: [(&str, &str, &str, &[&str]); 4] = [
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
const ACCOUNTS: [(&str, &str, &str); 40] = [
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

const PLACES: [&str; 16] = [
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
const KINDS: [&str; 5] = [
    "General Hospital",
    "Cancer Centre",
    "Lab Network",
    "Medical Center",
    "Imaging",
];
const REGIONS: [&str; 6] = [
    "UK & Ireland",
    "DACH",
    "Nordics",
    "Iberia",
    "France & Benelux",
    "North America",
];
const AREAS: [&str; 6] = [
    "oncology",
    "cardiology",
    "radiology",
    "neurology",
    "laboratory",
    "women's health",
];

const WHYS: [&str; 6] = [
    "We want every patient treated the same day they are diagnosed.",
    "Our radiologists should spend their time reading, not waiting on machines.",
    "We promised our community shorter waits, and the board holds us to it.",
    "Fewer repeat scans: less dose for patients, more slots for new ones.",
    "Our lab results must reach the ward before the morning round.",
    "We are becoming the regional centre of excellence; we need to prove it.",
];

const STAKEHOLDERS: [(&str, &str, Layer); 8] = [
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

const MOMENTS: [(&str, Severity); 5] = [
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

struct MetricTemplate {
    name: &'static str,
    words: &'static str,
    kind: MetricKind,
    unit: &'static str,
    direction: Direction,
    baseline: f64,
    target: f64,
    noise: f64,
    kpi: &'static str,
    /// How it is measured: intended result, calculation, data source,
    /// every how many days, by whom.
    definition: (&'static str, &'static str, &'static str, u32, &'static str),
}

const METRICS: [MetricTemplate; 6] = [
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

const PROMISES: [&str; 10] = [
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
const REACTIVE_NOTES: [&str; 3] = [
    "Fault follow-up with the service engineer",
    "Called in after a failed scan on the night shift",
    "Escalation about a delayed report",
];
const PROACTIVE_NOTES: [&str; 4] = [
    "Quarterly review of their success metrics",
    "Checked in with the nursing team on the new workflow",
    "Walked the department with the head of radiology",
    "Renewal conversation with administration",
];

const VISIT_NOTES: [&str; 6] = [
    "Quarterly review of their success metrics",
    "Checked in with the nursing team on the new workflow",
    "Fault follow-up with the service engineer",
    "Walked the department with the head of radiology",
    "Training on the advanced software functions",
    "Renewal conversation with administration",
];

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub accounts: u64,
    pub records: u64,
}

fn day(today: Date, offset: i64) -> Date {
    add_days(today, offset).unwrap_or(today)
}

/// The first accounts have answered their stage's first questions, so the
/// checklist has something true to show.
fn answer_prompts(a: &mut Account, prompts: &[String], i: usize, today: Date) {
    const ANSWERS: [&str; 4] = [
        "Yes — the charge nurses run it themselves now; two night-shift staff still need a refresher.",
        "Their head of radiology owns it; success is every scan read the same day.",
        "The PACS upgrade in March could derail the first weeks; IT has our contact.",
        "Mostly: the dosing module is used daily, the reporting one hardly at all.",
    ];
    if i >= 6 {
        return;
    }
    for (k, p) in prompts.iter().take(1 + i % 2).enumerate() {
        let stage = a.stage.clone();
        crate::domain::checklist::set(
            &mut a.answers,
            &stage,
            p,
            ANSWERS[(i + k) % ANSWERS.len()],
            day(today, -(3 + i as i64 + k as i64)),
        );
    }
}

/// Most accounts were assessed twice on the default maturity scale, some
/// moving up a level in between (chosen by place, not the generator). How
/// they measure success and their common behaviours move together, as the
/// seed's diagnostic found; customer insight lags a level.
fn assess_maturity(a: &mut Account, i: usize, today: Date) {
    if i % 6 == 5 {
        return;
    }
    let dims = crate::domain::maturity::Scale::default().dimensions;
    let base = 1 + (i * 7 % 4) as u8;
    for (k, d) in dims.iter().enumerate() {
        let first = if k == 2 {
            base.saturating_sub(1).max(1)
        } else {
            base
        };
        let later = (first + u8::from((i + k).is_multiple_of(3))).min(5);
        for (level, on) in [
            (first, day(today, -(150 + (i as i64 * 13) % 60))),
            (later, day(today, -(10 + (i as i64 * 5) % 40))),
        ] {
            crate::domain::maturity::assess(
                &mut a.assessments,
                crate::domain::maturity::Assessment {
                    dimension: d.clone(),
                    level,
                    on,
                    note: String::new(),
                },
            );
        }
    }
}

/// Connect: some of the first accounts have an introduction for their
/// first metric — to the owner of the partner whose KPI it serves, or to
/// a peer at the next account — at every step of the way (chosen by
/// place, not the generator).
fn introduction(
    i: usize,
    account: i64,
    metric: i64,
    m: &crate::domain::Metric,
    theirs: &[&str],
    accounts: usize,
    today: Date,
) -> Option<crate::domain::Introduction> {
    use crate::domain::IntroStatus as S;
    if i >= 12 || i % 3 == 2 {
        return None;
    }
    let from = theirs.first()?.to_string();
    let expert = PARTNERS
        .iter()
        .find(|p| p.3.contains(&m.kpi.as_str()))
        .map(|p| p.2);
    let (to_account, to) = match (i % 2, expert) {
        (0, Some(e)) => (None, e.to_string()),
        _ if i + 1 < accounts.min(ACCOUNTS.len()) => (
            Some(ACCOUNTS[i + 1].1.to_string()),
            STAKEHOLDERS[(i * 5) % STAKEHOLDERS.len()].0.to_string(),
        ),
        _ => return None,
    };
    let status = [S::Proposed, S::Made, S::Happened, S::Helped, S::DidNotHelp][i % 5];
    let on = day(today, -(40 + i as i64 * 3));
    let follow_up = match status {
        S::Helped => "they changed their reporting rota after the call",
        S::DidNotHelp => "different set-up; try a centre of their size",
        S::Happened => "ask how it went at the next visit",
        _ => "",
    };
    Some(crate::domain::Introduction {
        id: Uuid::new_v5(
            &Uuid::NAMESPACE_OID,
            format!("saydo demo intro {i}").as_bytes(),
        ),
        num: 0,
        account,
        from,
        to_account,
        to,
        metric: Some(metric),
        why: format!("{} is where they want to be", m.name),
        status,
        on,
        status_on: if status == S::Proposed {
            on
        } else {
            day(on, 14)
        },
        follow_up: follow_up.into(),
    })
}

/// Some renewals were settled in the last year (chosen by the account's
/// place, not the generator, so every other record stays as it was), and
/// one in every 29 accounts has a renewal passed without an outcome.
fn settle_renewals(a: &mut Account, i: usize, today: Date) {
    use crate::domain::Outcome;
    if i % 9 == 2 {
        let outcome = match i % 5 {
            3 => Outcome::Expanded,
            4 => Outcome::Churned,
            _ => Outcome::Renewed,
        };
        let on = day(today, -(20 + (i as i64 * 37) % 300));
        let next = (outcome != Outcome::Churned).then(|| day(on, 365));
        a.renewal = Some(day(on, (i % 15) as i64));
        a.settle_renewal(outcome, on, next);
    } else if i % 29 == 12 {
        a.renewal = Some(day(today, -12));
    }
}

/// The contract signed two weeks before the kickoff (the first stage's
/// start), and the go-live: when the second stage began, or planned at the
/// end of the first stage's usual length.
fn key_dates(spans: &[StageSpan]) -> Vec<crate::domain::key_dates::KeyDate> {
    use crate::domain::key_dates::KeyDate;
    let Some(first) = spans.last() else {
        return Vec::new();
    };
    let kickoff = first.entered;
    let golive = match spans.len() {
        1 => day(kickoff, 120),
        n => spans[n - 2].entered,
    };
    let k = |name: &str, on| KeyDate {
        name: name.into(),
        on,
    };
    vec![
        k("contract", day(kickoff, -14)),
        k("kickoff", kickoff),
        k("go-live", golive),
    ]
}

/// Writes the portfolio into `sink`; the same `accounts` and `today` give
/// the same records every time.
pub fn generate(
    sink: &mut dyn Sink,
    accounts: u32,
    today: Date,
    stages: &[Stage],
) -> Result<Counts> {
    let mut rng = Rng(0x5a1d_0d0e_2026, 0);

    let mut n = Counts::default();
    for name in DIRECTORS.iter().chain(STAFF.iter()) {
        sink.person(&crate::domain::Person {
            id: rng.uuid(),
            num: 0,
            name: name.to_string(),
        })?;
        n.records += 1;
    }

    // Ids made from the names, not drawn: the generator's sequence (and so
    // every other record) stays what it was before partners existed.
    let mut partners: Vec<(i64, &[&str])> = Vec::new();
    for (name, function, owner, kpis) in PARTNERS {
        let p = crate::domain::Partner {
            id: Uuid::new_v5(
                &Uuid::NAMESPACE_OID,
                format!("saydo demo partner {name}").as_bytes(),
            ),
            num: 0,
            name: name.into(),
            function: function.into(),
            owner: Some(owner.into()),
            kpis: kpis.iter().map(|k| k.to_string()).collect(),
        };
        partners.push((sink.partner(&p)?, kpis));
        n.records += 1;
    }

    for i in 0..accounts as usize {
        let (name, handle) = if i < ACCOUNTS.len() {
            (ACCOUNTS[i].0.to_string(), ACCOUNTS[i].1.to_string())
        } else {
            let place = PLACES[i % PLACES.len()];
            let kind = KINDS[(i / PLACES.len()) % KINDS.len()];
            (
                format!("{place} {kind} {i}"),
                format!("{}-{i}", place.to_ascii_lowercase()),
            )
        };
        let d = i % DIRECTORS.len();
        let stage_idx = rng.below(stages.len() as u64) as usize;
        // Earlier stages first, each 60–300 days long, ending in the current one.
        let mut spans = Vec::new();
        let mut start = day(today, -rng.range(5, 330));
        let current_since = start;
        spans.push(StageSpan {
            stage: stages[stage_idx].name.clone(),
            entered: start,
            left: None,
        });
        for s in (0..stage_idx).rev() {
            let entered = day(start, -rng.range(60, 300));
            spans.push(StageSpan {
                stage: stages[s].name.clone(),
                entered,
                left: Some(start),
            });
            start = entered;
        }
        let mut a = Account {
            id: rng.uuid(),
            num: 0,
            name,
            handle,
            owner: Some(DIRECTORS[d].to_string()),
            // The named accounts are where their names say; the draw is
            // made all the same, so that everything after it stays as it was.
            region: match (rng.pick(&REGIONS), ACCOUNTS.get(i)) {
                (_, Some((_, _, region))) => region.to_string(),
                (drawn, None) => drawn.to_string(),
            },
            tags: vec![rng.pick(&AREAS).to_string()],
            stage: stages[stage_idx].name.clone(),
            stage_since: current_since,
            // An account in its renewal stage renews within the year.
            renewal: Some(match rng.range(20, 900) {
                r if stages[stage_idx].name.eq_ignore_ascii_case("renewal") => {
                    day(today, 20 + (r - 20) % 320)
                }
                r => day(today, r),
            }),
            why: rng.pick(&WHYS).to_string(),
            archived: false,
            // Some customers set their own pace (drawn from the account's
            // place, not the generator, so every other record stays).
            pace: crate::domain::Pace {
                visit_every_days: (i % 11 == 5).then_some(21),
                stage_days: (i % 17 == 3).then_some(60),
                paused_until: (i % 13 == 7).then(|| day(today, 14)),
            },
            key_dates: key_dates(&spans),
            renewals: vec![],
            answers: vec![],
            assessments: vec![],
        };
        settle_renewals(&mut a, i, today);
        assess_maturity(&mut a, i, today);
        answer_prompts(&mut a, &stages[stage_idx].prompts, i, today);
        let acc = sink.account(&a)?;
        n.accounts += 1;
        n.records += 1;
        for s in spans.iter().rev() {
            sink.stage_span(acc, s)?;
            n.records += 1;
        }

        let first = rng.below(STAKEHOLDERS.len() as u64) as usize;
        let mut theirs = Vec::new();
        for k in 0..rng.range(3, 4) as usize {
            let (sname, role, ref layer) = STAKEHOLDERS[(first + k * 3) % STAKEHOLDERS.len()];
            theirs.push(sname);
            sink.stakeholder(&Stakeholder {
                id: rng.uuid(),
                num: 0,
                account: acc,
                name: sname.into(),
                role: role.into(),
                layer: layer.clone(),
                contact: format!(
                    "{}@{}.example",
                    sname.split(' ').next_back().unwrap_or("x").to_lowercase(),
                    a.handle
                ),
                notes: String::new(),
                // Some will speak to their peers at other customers.
                peers: (i + k) % 3 == 0,
            })?;
            n.records += 1;
        }

        let mut moments = Vec::new();
        for k in 0..rng.range(1, 2) as usize {
            let (what, severity) = MOMENTS[(i + k * 2) % MOMENTS.len()];
            moments.push(sink.moment(&Moment {
                id: rng.uuid(),
                num: 0,
                account: acc,
                what: what.into(),
                severity,
            })?);
            n.records += 1;
        }

        let m0 = rng.below(METRICS.len() as u64) as usize;
        for k in 0..rng.range(2, 3) as usize {
            let t = &METRICS[(m0 + k) % METRICS.len()];
            let months = rng.range(6, 24);
            let has_baseline = !rng.chance(0.15);
            // Measured up to the last few days: a chart's latest point is
            // as fresh as the demo's today.
            let start = day(today, -((months - 1) * 30 + 5));
            let metric = Metric {
                id: rng.uuid(),
                num: 0,
                account: acc,
                name: t.name.into(),
                words: t.words.into(),
                kind: t.kind,
                unit: t.unit.into(),
                direction: t.direction,
                baseline: has_baseline.then_some(Baseline {
                    value: t.baseline,
                    on: start,
                }),
                proxy: if has_baseline {
                    String::new()
                } else {
                    "last quarter's audit sample".into()
                },
                target: Some(t.target),
                target_on: Some(day(today, rng.range(60, 540))),
                kpi: t.kpi.into(),
                // Most are aligned with the partner whose KPI it is; every
                // fourth stays a KPI of ours alone.
                partner: partners
                    .iter()
                    .find(|(_, kpis)| kpis.contains(&t.kpi))
                    .filter(|_| (i + k) % 4 != 3)
                    .map(|(num, _)| *num),
                moment: (k == 0).then(|| moments[0]),
                definition: crate::domain::Definition {
                    intended: t.definition.0.into(),
                    calculation: t.definition.1.into(),
                    data_source: t.definition.2.into(),
                    every_days: Some(t.definition.3),
                    measured_by: t.definition.4.into(),
                },
                // Most were said by a stakeholder at the kickoff; some are
                // still our assumption (chosen by place, not the generator).
                voice: if (i + k) % 3 == 2 {
                    Default::default()
                } else {
                    crate::domain::Voice {
                        by: STAKEHOLDERS[(i + k) % STAKEHOLDERS.len()].0.into(),
                        on: Some(day(start, -7)),
                        valued: (i + k) % 5 != 4,
                    }
                },
            };
            let mnum = sink.metric(&metric)?;
            n.records += 1;
            if k == 0 {
                if let Some(x) =
                    introduction(i, acc, mnum, &metric, &theirs, accounts as usize, today)
                {
                    sink.introduction(&x)?;
                    n.records += 1;
                }
            }
            // Shapes: steady improvement, flat, a step change (run signals)
            // or a one-off spike (a point beyond the limits).
            let shape = rng.below(4);
            let step_at = rng.range(months / 2, months - 2);
            for mo in 0..months {
                let progress = match shape {
                    0 => mo as f64 / (months as f64 * 1.6),
                    1 => 0.05,
                    _ => {
                        if mo >= step_at {
                            0.45
                        } else {
                            0.05
                        }
                    }
                };
                let mut v = t.baseline + (t.target - t.baseline) * progress + t.noise * rng.noise();
                if shape == 3 && mo == step_at {
                    v += (t.baseline - t.target) * 0.9;
                }
                let v = (v * 10.0).round() / 10.0;
                sink.measurement(&Measurement {
                    id: rng.uuid(),
                    num: 0,
                    metric: mnum,
                    on: day(start, mo * 30 + rng.range(0, 4)),
                    value: v,
                    source: "customer's registry".into(),
                    note: String::new(),
                })?;
                n.records += 1;
            }
        }

        // Visits over the last year, newest last; about one account in
        // eight has not been seen for months.
        let neglected = rng.chance(0.12);
        let nvisits = rng.range(4, 10);
        let mut visit_nums = Vec::new();
        for k in 0..nvisits {
            let ago = if neglected {
                rng.range(75, 365)
            } else {
                (nvisits - k) * 330 / nvisits - rng.range(0, 20)
            };
            let intent = if rng.chance(PROACTIVE_BIAS[d]) {
                Intent::Proactive
            } else {
                Intent::Reactive
            };
            let kind = if intent == Intent::Reactive {
                *rng.pick(&[VisitKind::OnSite, VisitKind::Call, VisitKind::Virtual])
            } else {
                *rng.pick(&[
                    VisitKind::OnSite,
                    VisitKind::Review,
                    VisitKind::Training,
                    VisitKind::Virtual,
                    VisitKind::Event,
                ])
            };
            let on = back_to_weekday(day(today, -ago.max(1)));
            let id = rng.uuid();
            // The note fits the visit: a fault is followed up reactively,
            // a training is a training.
            let drawn = rng.pick(&VISIT_NOTES);
            let at = VISIT_NOTES.iter().position(|n| n == drawn).unwrap_or(0);
            let notes = match (kind, intent) {
                (VisitKind::Training, _) => VISIT_NOTES[4],
                (_, Intent::Reactive) => REACTIVE_NOTES[at % REACTIVE_NOTES.len()],
                (_, Intent::Proactive) => PROACTIVE_NOTES[at % PROACTIVE_NOTES.len()],
            };
            let v = Visit {
                id,
                num: 0,
                account: acc,
                on,
                kind,
                intent,
                ours: vec![DIRECTORS[d].into()],
                theirs: vec![theirs[k as usize % theirs.len()].into()],
                notes: notes.to_string(),
                feedback: None,
            };
            visit_nums.push((sink.visit(&v)?, on, v.theirs[0].clone()));
            n.records += 1;
        }

        for _ in 0..rng.range(6, 14) {
            let from_visit = (!visit_nums.is_empty() && rng.chance(0.5))
                .then(|| visit_nums[rng.below(visit_nums.len() as u64) as usize].clone());
            let made = match &from_visit {
                Some((_, on, _)) => *on,
                None => day(today, -rng.range(0, 270)),
            };
            let first_due = day(made, rng.range(5, 45));
            let mut due = first_due;
            let owner = if rng.chance(0.75) {
                DIRECTORS[d]
            } else {
                *rng.pick(&STAFF)
            };
            let mut renegotiations = Vec::new();
            if rng.chance(0.12) {
                due = day(first_due, rng.range(7, 30));
                renegotiations.push(Renegotiation {
                    new_due: due,
                    reason: "customer asked to wait for their IT window".into(),
                    agreed_on: day(first_due, -2).min(today).max(made),
                });
            }
            let (status, resolved_on) = if due >= today {
                if rng.chance(0.2) {
                    (Status::Kept, Some(day(made, rng.range(1, 5)).min(today)))
                } else {
                    (Status::Open, None)
                }
            } else {
                let r = rng.unit();
                if r < 0.62 {
                    (Status::Kept, Some(day(due, -rng.range(0, 4)).max(made)))
                } else if r < 0.74 {
                    (
                        Status::KeptLate,
                        Some(day(due, rng.range(1, 10)).min(today)),
                    )
                } else if r < 0.82 {
                    (Status::Broken, Some(day(due, rng.range(0, 5)).min(today)))
                } else if r < 0.87 {
                    (Status::Dropped, Some(day(due, -rng.range(0, 5)).max(made)))
                } else if crate::domain::dates::days_between(due, today) < 40 {
                    (Status::Open, None)
                } else {
                    // Old promises are settled one way or the other by now.
                    (
                        Status::KeptLate,
                        Some(day(due, rng.range(1, 10)).min(today)),
                    )
                }
            };
            let c = Commitment {
                id: rng.uuid(),
                num: 0,
                account: acc,
                what: rng.pick(&PROMISES).to_string(),
                to_whom: from_visit
                    .as_ref()
                    .map_or_else(|| rng.pick(&theirs).to_string(), |v| v.2.clone()),
                owner: owner.into(),
                made_on: made,
                due_on: first_due,
                visit: from_visit.map(|v| v.0),
                status,
                resolved_on,
                reason: if status == Status::Broken {
                    "part on backorder".into()
                } else {
                    String::new()
                },
                renegotiations,
            };
            sink.commitment(&c)?;
            n.records += 1 + c.renegotiations.len() as u64;
        }
        if i == 0 {
            let met = Met {
                account: acc,
                director: DIRECTORS[d],
                them: theirs[0],
            };
            n.records += promises_in_notes(sink, &met, today)?;
            n.records += experiences(sink, &met, today)?;
        }
    }
    Ok(n)
}

/// An id of a record drawn without the generator: the same in every demo.
fn fixed_id(name: &str) -> Uuid {
    const DEMO: Uuid = Uuid::from_u128(0x0de0_5a7d_0000_4000_8000_000d_e302_0001);
    Uuid::new_v5(&DEMO, name.as_bytes())
}

/// Nobody visits or trains on a weekend: back to the Friday.
fn back_to_weekday(mut on: Date) -> Date {
    while matches!(
        on.weekday(),
        jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
    ) {
        on = day(on, -1);
    }
    on
}

/// Who met in the demo's hand-written visits: the account, its director
/// and the customer's person.
struct Met<'a> {
    account: i64,
    director: &'a str,
    them: &'a str,
}

impl Met<'_> {
    fn visit(
        &self,
        id: &str,
        on: Date,
        notes: String,
        feedback: Option<crate::domain::Feedback>,
    ) -> Visit {
        Visit {
            id: fixed_id(id),
            num: 0,
            account: self.account,
            on,
            kind: VisitKind::OnSite,
            intent: Intent::Proactive,
            ours: vec![self.director.into()],
            theirs: vec![self.them.into()],
            notes,
            feedback,
        }
    }

    /// A promise made in `visit` on `on`: kept on `kept`, or open.
    fn promise(
        &self,
        id: &str,
        what: &str,
        on: Date,
        due: Date,
        visit: i64,
        kept: Option<Date>,
    ) -> Commitment {
        Commitment {
            id: fixed_id(id),
            num: 0,
            account: self.account,
            what: what.into(),
            to_whom: self.them.into(),
            owner: self.director.into(),
            made_on: on,
            due_on: due,
            visit: Some(visit),
            status: if kept.is_some() {
                Status::Kept
            } else {
                Status::Open
            },
            resolved_on: kept,
            reason: String::new(),
            renegotiations: vec![],
        }
    }
}

/// Two visits whose commitments are all kept: one lately, whose feedback
/// Attention asks for, and one whose feedback was given.
fn experiences(sink: &mut dyn Sink, met: &Met, today: Date) -> Result<u64> {
    let account = met.account;
    let kinds = [
        (
            "roll out the dosing report to the night shift",
            back_to_weekday(day(today, -16)),
            None,
        ),
        (
            "train the ward on the new discharge checklist",
            back_to_weekday(day(today, -60)),
            Some((9, "the night shift plans discharges before rounds now")),
        ),
    ];
    for (what, on, said) in kinds {
        let kept = day(on, 12).min(today);
        let feedback = said.map(|(score, words): (u8, &str)| crate::domain::Feedback {
            score,
            words: words.into(),
            on: day(kept, 3).min(today),
        });
        let v = met.visit(
            &format!("demo-experience-visit-{account}-{what}"),
            on,
            format!("Agreed to {what}."),
            feedback,
        );
        let visit = sink.visit(&v)?;
        sink.commitment(&met.promise(
            &format!("demo-experience-{account}-{what}"),
            what,
            on,
            day(on, 14),
            visit,
            Some(kept),
        ))?;
    }
    Ok(4)
}

/// A visit whose notes hold the commitments made in it (`>` lines), as
/// they would be written in the field; drawn without the random numbers,
/// so every other record of the demo stays as it was.
fn promises_in_notes(sink: &mut dyn Sink, met: &Met, today: Date) -> Result<u64> {
    let account = met.account;
    let on = back_to_weekday(day(today, -2));
    let lines = [
        ("send the discharge checklist template", day(on, 9)),
        ("book the pharmacy follow-up", day(on, 20)),
    ];
    let mut notes = String::from("Walked the discharge pathway with the ward team.");
    for (what, due) in lines {
        notes.push_str(&format!("\n> {what} due:{due}"));
    }
    let visit = sink.visit(&met.visit(&format!("demo-notes-visit-{account}"), on, notes, None))?;
    for (what, due) in lines {
        sink.commitment(&met.promise(
            &format!("demo-notes-{account}-{what}"),
            what,
            on,
            due,
            visit,
            None,
        ))?;
    }
    Ok(1 + lines.len() as u64)
}
