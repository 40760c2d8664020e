//! The priority ranking: weighted scores, deterministic order, sections, pins, groups, and the
//! comparison with a frozen snapshot. Plain functions over plain data.

use std::cmp::Reverse;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use super::criteria::{Criterion, CriterionId, Scale};
use super::{LeikaKey, Office, OfficeId, Service, ServiceId};

/// Choices that shape the ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankingSettings {
    /// Where the Top-N line is drawn.
    pub top_n: usize,
    /// Rank the services of deferred offices with the rest instead of apart.
    pub deferred_together: bool,
    /// Rank OZG services (groups of services) instead of single services.
    pub grouped: bool,
}

impl Default for RankingSettings {
    fn default() -> Self {
        Self {
            top_n: 20,
            deferred_together: false,
            grouped: false,
        }
    }
}

/// A service pinned to a position by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    /// 1-based position in the ranked list.
    pub position: usize,
    pub reason: String,
}

/// The part of the list an entry belongs to.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Section {
    /// Open services of the plan, ranked.
    #[default]
    Ranked,
    /// Open services of deferred offices, ranked apart.
    Deferred,
    /// At or above their target maturity.
    Done,
    /// Not in municipal scope; not ranked.
    OutOfScope,
}

impl Section {
    /// The German heading.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ranked => "Rangfolge",
            Self::Deferred => "Zurückgestellte Ämter",
            Self::Done => "Erledigt (Zielreifegrad erreicht)",
            Self::OutOfScope => "Nicht im kommunalen Umfang",
        }
    }
}

/// What the ranking needs to know of the workspace.
pub struct RankingInput<'a> {
    pub services: &'a [Service],
    pub offices: &'a [Office],
    pub criteria: &'a [Criterion],
    pub settings: RankingSettings,
}

/// One line of the ranking: a service, or an OZG service with its members.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// Indexes into the services; one for a service, the members for a group (best first).
    pub members: SmallVec<[usize; 1]>,
    /// OZG-ID of a group; `None` for a single service or a service without OZG service.
    pub group: Option<String>,
    pub section: Section,
    /// Score 0–100 in tenths (one decimal, as shown).
    pub score_tenths: i64,
    pub case_volume: Option<i64>,
    /// Position in the section as computed, 1-based.
    pub computed_rank: usize,
    /// Position in the section after pins, 1-based.
    pub rank: usize,
    pub pinned: bool,
    /// Entered criteria without a value (summed over members).
    pub missing: usize,
}

impl Entry {
    /// The score with one decimal.
    pub fn score(&self) -> f64 {
        self.score_tenths as f64 / 10.0
    }

    /// A stable identity across rankings and snapshots.
    pub fn identity(&self, services: &[Service]) -> EntryIdentity {
        match &self.group {
            Some(ozg) => EntryIdentity::Group(ozg.clone()),
            // Every entry has a member; an id of 0 (no service has it) stands for none.
            None => EntryIdentity::Service(
                self.members
                    .first()
                    .and_then(|&i| services.get(i))
                    .map_or(0, |s| s.id),
            ),
        }
    }

    /// "99001001000000 Abfallgebühr" for a service, "10110 Abfallentsorgung" for a group.
    pub fn label(&self, ws: &super::Workspace) -> String {
        let Some(best) = self.members.first().and_then(|&i| ws.services().get(i)) else {
            return String::new();
        };
        match &self.group {
            Some(ozg) => {
                let name = ws.ozg_service(ozg).map_or("", |o| o.name.as_str());
                format!("{ozg} {name}")
            }
            None => match &best.leika_key {
                Some(k) => format!("{} {}", k.as_str(), best.name),
                None => best.name.clone(),
            },
        }
    }
}

/// What a ranking line is across rankings and snapshots: a service, or an OZG service's group.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntryIdentity {
    Service(ServiceId),
    Group(String),
}

impl EntryIdentity {
    /// Reads the stored form, "s:ID" or "g:OZG-ID".
    pub fn parse(text: &str) -> Option<Self> {
        match text.split_once(':')? {
            ("s", id) => id.parse().ok().map(Self::Service),
            ("g", ozg) if !ozg.is_empty() => Some(Self::Group(ozg.to_owned())),
            _ => None,
        }
    }

    /// Whether one of its services passes `keep`.
    pub fn any_service(&self, ws: &super::Workspace, keep: impl Fn(&Service) -> bool) -> bool {
        match self {
            Self::Service(id) => ws.service(*id).is_some_and(keep),
            Self::Group(ozg) => ws
                .services()
                .iter()
                .any(|s| s.ozg_id.as_deref() == Some(ozg.as_str()) && keep(s)),
        }
    }
}

impl std::fmt::Display for EntryIdentity {
    /// The stored form, "s:ID" or "g:OZG-ID".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Service(id) => write!(f, "s:{id}"),
            Self::Group(ozg) => write!(f, "g:{ozg}"),
        }
    }
}

/// The computed ranking.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ranking {
    /// Entries in display order: ranked, deferred, done, out of scope.
    pub entries: Vec<Entry>,
    /// Services in scope that lack at least one entered score.
    pub services_lacking_scores: usize,
}

/// One criterion's part of a service's score.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    pub criterion: CriterionId,
    /// The raw value (entered, pre-filled or derived); `None` when missing.
    pub value: Option<f64>,
    /// The criterion's share of all weights, 0–1.
    pub weight_share: f64,
    /// Points this criterion adds to the score (0–100 scale).
    pub points: f64,
}

/// Weighted scoring of services under a set of criteria.
pub struct Scorer<'a> {
    criteria: Vec<(&'a Criterion, f64)>,
    log_max_case_volume: f64,
}

impl<'a> Scorer<'a> {
    /// Prepares the enabled criteria; the case volume scale runs up to the largest case volume
    /// of all services, so that filtering does not change scores.
    pub fn new(criteria: &'a [Criterion], services: &[Service]) -> Self {
        let active: Vec<&Criterion> = criteria
            .iter()
            .filter(|c| c.enabled && c.weight > 0.0)
            .collect();
        let total: f64 = active.iter().map(|c| c.weight).sum();
        let max_cv = services
            .iter()
            .filter_map(|s| s.case_volume)
            .max()
            .unwrap_or(0)
            .max(1);
        Self {
            criteria: active.into_iter().map(|c| (c, c.weight / total)).collect(),
            log_max_case_volume: (1.0 + max_cv as f64).ln(),
        }
    }

    /// The value of a criterion for a service: entered, pre-filled or derived.
    pub fn value(c: &Criterion, s: &Service) -> Option<f64> {
        match c.scale {
            Scale::CaseVolume => s.case_volume.map(|v| v as f64),
            Scale::SdgFlag => s
                .scores
                .get(&c.id)
                .copied()
                .or(Some(if s.sdg { 1.0 } else { 0.0 })),
            Scale::Points(_) | Scale::YesNo => s.scores.get(&c.id).copied(),
        }
    }

    fn normalized(&self, c: &Criterion, value: f64) -> f64 {
        let v = match c.scale {
            Scale::CaseVolume => (1.0 + value.max(0.0)).ln() / self.log_max_case_volume,
            scale => value / scale.max_value().unwrap_or(1.0),
        }
        .clamp(0.0, 1.0);
        if c.higher_is_better { v } else { 1.0 - v }
    }

    /// Score 0–100 and the number of missing entered values. A missing value adds nothing.
    pub fn score(&self, s: &Service) -> (f64, usize) {
        let mut total = 0.0;
        let mut missing = 0;
        for (c, share) in &self.criteria {
            match Self::value(c, s) {
                Some(v) => total += share * self.normalized(c, v),
                None => missing += 1,
            }
        }
        (100.0 * total, missing)
    }

    /// Each enabled criterion's part of the score.
    pub fn breakdown(&self, s: &Service) -> Vec<Contribution> {
        self.criteria
            .iter()
            .map(|(c, share)| {
                let value = Self::value(c, s);
                Contribution {
                    criterion: c.id,
                    value,
                    weight_share: *share,
                    points: value.map_or(0.0, |v| 100.0 * share * self.normalized(c, v)),
                }
            })
            .collect()
    }
}

/// Score in tenths, as shown with one decimal.
pub fn tenths(score: f64) -> i64 {
    (score * 10.0).round() as i64
}

fn section_of(s: &Service, deferred: &HashMap<OfficeId, bool>, together: bool) -> Section {
    if !s.municipal {
        Section::OutOfScope
    } else if s.current_maturity >= s.target_maturity {
        Section::Done
    } else if !together && s.office_id.and_then(|o| deferred.get(&o)).copied() == Some(true) {
        Section::Deferred
    } else {
        Section::Ranked
    }
}

/// The deterministic order of entries: section, score (higher first), case volume (higher
/// first, unknown last), LeiKa key or OZG-ID (missing last), then the row id. Ids are unique,
/// so the order is total and does not depend on the storage order. Keys are digits and are
/// compared as numbers, which for the fixed-length LeiKa keys is their text order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct SortKey {
    section: Section,
    score: Reverse<i64>,
    case_volume: Reverse<i64>,
    keyless: bool,
    key: u64,
    id: ServiceId,
}

impl SortKey {
    fn of(e: &Entry, services: &[Service]) -> Self {
        let number = match &e.group {
            Some(ozg) => ozg.parse::<u64>().ok(),
            None => e
                .members
                .first()
                .and_then(|&i| services.get(i))
                .and_then(|s| s.leika_key.as_ref())
                .map(LeikaKey::number),
        };
        Self {
            section: e.section,
            score: Reverse(e.score_tenths),
            case_volume: Reverse(e.case_volume.unwrap_or(-1)),
            keyless: number.is_none(),
            key: number.unwrap_or(u64::MAX),
            id: e
                .members
                .first()
                .and_then(|&i| services.get(i))
                .map_or(0, |s| s.id),
        }
    }
}

/// Computes the ranking.
pub fn rank(input: &RankingInput<'_>) -> Ranking {
    let scorer = Scorer::new(input.criteria, input.services);
    let deferred: HashMap<OfficeId, bool> =
        input.offices.iter().map(|o| (o.id, o.deferred)).collect();
    let mut lacking = 0;
    let mut singles: Vec<Entry> = Vec::with_capacity(input.services.len());
    for (i, s) in input.services.iter().enumerate() {
        let section = section_of(s, &deferred, input.settings.deferred_together);
        let (score, missing) = scorer.score(s);
        if missing > 0 && section != Section::OutOfScope {
            lacking += 1;
        }
        singles.push(Entry {
            members: smallvec::smallvec![i],
            group: None,
            section,
            score_tenths: tenths(score),
            case_volume: s.case_volume,
            computed_rank: 0,
            rank: 0,
            pinned: false,
            missing,
        });
    }
    let entries = if input.settings.grouped {
        group(singles, input.services)
    } else {
        singles
    };
    // Sort positions with borrowed keys rather than moving entries around.
    let mut entries = entries;
    entries.sort_by_cached_key(|e| SortKey::of(e, input.services));
    let mut previous = None;
    let mut position = 0;
    for e in &mut entries {
        if previous != Some(e.section) {
            previous = Some(e.section);
            position = 0;
        }
        position += 1;
        e.computed_rank = position;
        e.rank = position;
    }
    if !input.settings.grouped {
        let ranked = entries
            .iter()
            .take_while(|e| e.section == Section::Ranked)
            .count();
        if let Some(part) = entries.get_mut(..ranked) {
            apply_pins(part, input.services);
        }
    }
    Ranking {
        entries,
        services_lacking_scores: lacking,
    }
}

/// Moves pinned services to their positions within the ranked part; the others keep their
/// order around them. Ranks are renumbered; computed ranks stay.
fn apply_pins(part: &mut [Entry], services: &[Service]) {
    let pin_of = |e: &Entry| {
        e.members
            .first()
            .and_then(|&i| services.get(i))
            .and_then(|s| s.pin.as_ref())
            .map(|p| p.position)
    };
    let mut pinned: Vec<(usize, usize)> = part
        .iter()
        .enumerate()
        .filter_map(|(i, e)| pin_of(e).map(|p| (p, i)))
        .collect();
    if pinned.is_empty() {
        return;
    }
    pinned.sort_unstable();
    let mut order: Vec<usize> = (0..part.len())
        .filter(|i| !pinned.iter().any(|(_, p)| p == i))
        .collect();
    for (position, i) in pinned {
        let at = position.saturating_sub(1).min(order.len());
        order.insert(at, i);
    }
    let mut slots: Vec<Option<Entry>> = part.iter_mut().map(|e| Some(std::mem::take(e))).collect();
    for (target, source) in part.iter_mut().zip(order) {
        if let Some(mut e) = slots.get_mut(source).and_then(Option::take) {
            e.pinned = pin_of(&e).is_some();
            *target = e;
        }
    }
    for (i, e) in part.iter_mut().enumerate() {
        e.rank = i + 1;
    }
}

/// Groups entries by OZG service within each section: best member's score, summed case
/// volume, members best first. Services without OZG service stay single.
fn group(singles: Vec<Entry>, services: &[Service]) -> Vec<Entry> {
    let mut index: HashMap<(Section, String), usize> = HashMap::new();
    let mut out: Vec<Entry> = Vec::new();
    let mut member_scores: Vec<Vec<(i64, usize)>> = Vec::new();
    for e in singles {
        let ozg = e
            .members
            .first()
            .and_then(|&i| services.get(i))
            .and_then(|s| s.ozg_id.clone());
        let Some(ozg) = ozg else {
            member_scores.push(e.members.iter().map(|&m| (e.score_tenths, m)).collect());
            out.push(e);
            continue;
        };
        match index.get(&(e.section, ozg.clone())).copied() {
            Some(at) => {
                let (Some(g), Some(scores)) = (out.get_mut(at), member_scores.get_mut(at)) else {
                    continue;
                };
                scores.extend(e.members.iter().map(|&m| (e.score_tenths, m)));
                g.score_tenths = g.score_tenths.max(e.score_tenths);
                g.case_volume = match (g.case_volume, e.case_volume) {
                    (None, None) => None,
                    (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
                };
                g.missing += e.missing;
            }
            None => {
                index.insert((e.section, ozg.clone()), out.len());
                member_scores.push(e.members.iter().map(|&m| (e.score_tenths, m)).collect());
                out.push(Entry {
                    group: Some(ozg),
                    ..e
                });
            }
        }
    }
    for (g, mut scores) in out.iter_mut().zip(member_scores) {
        scores.sort_by_key(|(score, i)| (Reverse(*score), *i));
        g.members = scores.into_iter().map(|(_, i)| i).collect();
    }
    out
}

/// A frozen ranking line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotRow {
    pub identity: EntryIdentity,
    pub section: Section,
    pub rank: usize,
    pub score_tenths: i64,
    pub label: String,
}

/// How an entry moved against a snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Movement {
    /// Not in the snapshot (in this section).
    New,
    /// Moved up by this many places (positive) or down (negative); 0 unchanged.
    By(i64),
}

/// The comparison of the current ranking with a snapshot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// Per identity: the movement within its section.
    pub movement: HashMap<EntryIdentity, Movement>,
    /// Identities that entered the Top-N.
    pub new_in_top: Vec<EntryIdentity>,
    /// Snapshot lines that left the Top-N, in their old order.
    pub dropped_from_top: Vec<SnapshotRow>,
}

/// Compares the ranked section with a snapshot's ranked section.
pub fn compare_with(
    current: &[(EntryIdentity, Section, usize)],
    snapshot: &[SnapshotRow],
    top_n: usize,
) -> Comparison {
    let old: HashMap<&EntryIdentity, &SnapshotRow> =
        snapshot.iter().map(|r| (&r.identity, r)).collect();
    let mut cmp = Comparison::default();
    let mut now_top: Vec<&EntryIdentity> = Vec::new();
    for (identity, section, rank) in current {
        let before = old.get(identity).filter(|r| r.section == *section);
        let movement = match before {
            Some(r) => Movement::By(r.rank as i64 - *rank as i64),
            None => Movement::New,
        };
        cmp.movement.insert(identity.clone(), movement);
        if *section == Section::Ranked && *rank <= top_n {
            now_top.push(identity);
            let was_top = before.is_some_and(|r| r.rank <= top_n);
            if !was_top {
                cmp.new_in_top.push(identity.clone());
            }
        }
    }
    let mut dropped: Vec<SnapshotRow> = snapshot
        .iter()
        .filter(|r| {
            r.section == Section::Ranked && r.rank <= top_n && !now_top.contains(&&r.identity)
        })
        .cloned()
        .collect();
    dropped.sort_by_key(|r| r.rank);
    cmp.dropped_from_top = dropped;
    cmp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LeikaKey;

    fn svc(id: i64, scores: &[(CriterionId, f64)]) -> Service {
        let mut s = Service::new(id, &format!("Leistung {id}"), 4);
        s.leika_key =
            LeikaKey::parse_optional(&format!("{:014}", 99_000_000_000_000u64 + id as u64))
                .unwrap();
        s.scores = scores.iter().copied().collect();
        s
    }

    fn ranked(
        services: &[Service],
        offices: &[Office],
        criteria: &[Criterion],
        settings: RankingSettings,
    ) -> Ranking {
        rank(&RankingInput {
            services,
            offices,
            criteria,
            settings,
        })
    }

    /// (service id, section, rank, score) per entry.
    fn lines(r: &Ranking, services: &[Service]) -> Vec<(i64, Section, usize, f64)> {
        r.entries
            .iter()
            .map(|e| (services[e.members[0]].id, e.section, e.rank, e.score()))
            .collect()
    }

    fn two_criteria() -> Vec<Criterion> {
        vec![
            Criterion::new(1, "A", Scale::Points(5), 3.0),
            Criterion::new(2, "B", Scale::YesNo, 1.0),
        ]
    }

    #[test]
    fn three_services_two_criteria() {
        // Shares 0.75 and 0.25: 5/5·75 = 75; 2/5·75 + 25 = 55; 4/5·75 + 25 = 85.
        let services = [
            svc(1, &[(1, 5.0), (2, 0.0)]),
            svc(2, &[(1, 2.0), (2, 1.0)]),
            svc(3, &[(1, 4.0), (2, 1.0)]),
        ];
        let r = ranked(&services, &[], &two_criteria(), RankingSettings::default());
        assert_eq!(
            lines(&r, &services),
            [
                (3, Section::Ranked, 1, 85.0),
                (1, Section::Ranked, 2, 75.0),
                (2, Section::Ranked, 3, 55.0)
            ]
        );
        assert_eq!(r.services_lacking_scores, 0);
    }

    #[test]
    fn disabled_and_zero_weight_criteria_do_not_count() {
        let mut criteria = two_criteria();
        criteria[1].enabled = false;
        let services = [svc(1, &[(1, 2.0), (2, 1.0)])];
        let r = ranked(&services, &[], &criteria, RankingSettings::default());
        assert_eq!(r.entries[0].score(), 40.0);
        criteria[1].enabled = true;
        criteria[1].weight = 0.0;
        let r = ranked(&services, &[], &criteria, RankingSettings::default());
        assert_eq!(r.entries[0].score(), 40.0);
    }

    #[test]
    fn lower_is_better_inverts_the_scale() {
        let mut effort = Criterion::new(1, "Aufwand", Scale::Points(5), 1.0);
        effort.higher_is_better = false;
        let services = [svc(1, &[(1, 4.0)]), svc(2, &[(1, 1.0)])];
        let r = ranked(&services, &[], &[effort], RankingSettings::default());
        assert_eq!(
            lines(&r, &services),
            [(2, Section::Ranked, 1, 80.0), (1, Section::Ranked, 2, 20.0)]
        );
    }

    #[test]
    fn case_volume_is_log_scaled_to_the_largest() {
        // ln(1+9)/ln(1+999) = 1/3, ln(100)/ln(1000) = 2/3.
        let c = Criterion::new(1, "Fallzahl", Scale::CaseVolume, 1.0);
        let mut services: Vec<Service> = [9, 99, 999]
            .iter()
            .enumerate()
            .map(|(i, cv)| {
                let mut s = svc(i as i64 + 1, &[]);
                s.case_volume = Some(*cv);
                s
            })
            .collect();
        services.push(svc(4, &[]));
        let r = ranked(&services, &[], &[c], RankingSettings::default());
        assert_eq!(
            lines(&r, &services),
            [
                (3, Section::Ranked, 1, 100.0),
                (2, Section::Ranked, 2, 66.7),
                (1, Section::Ranked, 3, 33.3),
                (4, Section::Ranked, 4, 0.0)
            ]
        );
        assert_eq!(r.entries[3].missing, 1, "no case volume is missing");
        assert_eq!(r.services_lacking_scores, 1);
    }

    #[test]
    fn ties_break_by_case_volume_then_key() {
        let c = vec![Criterion::new(1, "A", Scale::Points(5), 1.0)];
        let mut services = vec![
            svc(1, &[(1, 3.0)]),
            svc(2, &[(1, 3.0)]),
            svc(3, &[(1, 3.0)]),
            svc(4, &[(1, 3.0)]),
        ];
        services[0].case_volume = Some(10);
        services[1].case_volume = Some(500);
        services[2].case_volume = Some(10);
        services[2].leika_key = LeikaKey::parse_optional("99000000000000").unwrap();
        services[3].case_volume = Some(10);
        services[3].leika_key = None;
        let r = ranked(&services, &[], &c, RankingSettings::default());
        let order: Vec<i64> = lines(&r, &services).iter().map(|l| l.0).collect();
        assert_eq!(order, [2, 3, 1, 4]);
    }

    #[test]
    fn deferred_offices_apart_or_together() {
        let mut office = Office::new(7, "110");
        office.deferred = true;
        let c = vec![Criterion::new(1, "A", Scale::Points(5), 1.0)];
        let mut services = vec![
            svc(1, &[(1, 5.0)]),
            svc(2, &[(1, 3.0)]),
            svc(3, &[(1, 4.0)]),
        ];
        services[0].office_id = Some(7);
        let offices = [office];
        let apart = ranked(&services, &offices, &c, RankingSettings::default());
        assert_eq!(
            lines(&apart, &services),
            [
                (3, Section::Ranked, 1, 80.0),
                (2, Section::Ranked, 2, 60.0),
                (1, Section::Deferred, 1, 100.0)
            ]
        );
        let together = ranked(
            &services,
            &offices,
            &c,
            RankingSettings {
                deferred_together: true,
                ..Default::default()
            },
        );
        assert_eq!(
            lines(&together, &services),
            [
                (1, Section::Ranked, 1, 100.0),
                (3, Section::Ranked, 2, 80.0),
                (2, Section::Ranked, 3, 60.0)
            ]
        );
    }

    #[test]
    fn done_and_out_of_scope_services_are_apart() {
        let c = vec![Criterion::new(1, "A", Scale::Points(5), 1.0)];
        let mut services = vec![
            svc(1, &[(1, 5.0)]),
            svc(2, &[(1, 1.0)]),
            svc(3, &[(1, 4.0)]),
        ];
        services[0].current_maturity = 4;
        services[2].municipal = false;
        let r = ranked(&services, &[], &c, RankingSettings::default());
        assert_eq!(
            lines(&r, &services),
            [
                (2, Section::Ranked, 1, 20.0),
                (1, Section::Done, 1, 100.0),
                (3, Section::OutOfScope, 1, 80.0)
            ]
        );
    }

    #[test]
    fn pins_move_services_and_keep_the_computed_rank() {
        let c = vec![Criterion::new(1, "A", Scale::Points(10), 1.0)];
        let mut services: Vec<Service> = (1..=4).map(|i| svc(i, &[(1, 10.0 - i as f64)])).collect();
        services[3].pin = Some(Pin {
            position: 1,
            reason: "Ratsbeschluss".into(),
        });
        services[1].pin = Some(Pin {
            position: 10,
            reason: "später".into(),
        });
        let r = ranked(&services, &[], &c, RankingSettings::default());
        let order: Vec<(i64, usize, usize, bool)> = r
            .entries
            .iter()
            .map(|e| (services[e.members[0]].id, e.rank, e.computed_rank, e.pinned))
            .collect();
        assert_eq!(
            order,
            [
                (4, 1, 4, true),
                (1, 2, 1, false),
                (3, 3, 3, false),
                (2, 4, 2, true)
            ]
        );
    }

    #[test]
    fn groups_take_the_best_score_and_the_summed_case_volume() {
        let c = vec![Criterion::new(1, "A", Scale::Points(10), 1.0)];
        let mut services = vec![
            svc(1, &[(1, 6.0)]),
            svc(2, &[(1, 8.0)]),
            svc(3, &[(1, 7.0)]),
            svc(4, &[(1, 9.0)]),
        ];
        for (s, ozg, cv) in [(0, "A", 50), (1, "A", 100), (2, "B", 1000)] {
            services[s].ozg_id = Some(ozg.into());
            services[s].case_volume = Some(cv);
        }
        let r = ranked(
            &services,
            &[],
            &c,
            RankingSettings {
                grouped: true,
                ..Default::default()
            },
        );
        type Line<'a> = (Option<&'a str>, i64, Option<i64>, Vec<i64>);
        let groups: Vec<Line> = r
            .entries
            .iter()
            .map(|e| {
                (
                    e.group.as_deref(),
                    e.score_tenths,
                    e.case_volume,
                    e.members.iter().map(|&i| services[i].id).collect(),
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                (None, 900, None, vec![4]),
                (Some("A"), 800, Some(150), vec![2, 1]),
                (Some("B"), 700, Some(1000), vec![3]),
            ]
        );
        assert_eq!(r.entries[1].identity(&services).to_string(), "g:A");
    }

    #[test]
    fn the_order_does_not_depend_on_the_storage_order() {
        let c = vec![Criterion::new(1, "A", Scale::Points(5), 1.0)];
        let mut services: Vec<Service> = (1..=40)
            .map(|i| {
                let mut s = svc(i, &[(1, (i % 4) as f64)]);
                s.case_volume = Some(i % 3);
                s.ozg_id = Some(format!("{}", i % 5));
                s
            })
            .collect();
        let order = |services: &[Service], grouped: bool| -> Vec<String> {
            let settings = RankingSettings {
                grouped,
                ..Default::default()
            };
            ranked(services, &[], &c, settings)
                .entries
                .iter()
                .map(|e| format!("{}@{}", e.identity(services), e.rank))
                .collect()
        };
        let (single, grouped) = (order(&services, false), order(&services, true));
        services.reverse();
        services.swap(3, 17);
        assert_eq!(order(&services, false), single);
        assert_eq!(order(&services, true), grouped);
    }

    #[test]
    fn identities_read_back_what_they_write() {
        for text in ["s:17", "g:10110", "g:99001-X"] {
            let id = EntryIdentity::parse(text).expect("an identity");
            assert_eq!(id.to_string(), text);
        }
        for bad in ["", "s:", "s:x", "g:", "x:1", "17"] {
            assert_eq!(EntryIdentity::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn comparison_with_a_snapshot() {
        let id = |text: &str| EntryIdentity::parse(text).expect("an identity");
        let row = |text: &str, rank| SnapshotRow {
            identity: id(text),
            section: Section::Ranked,
            rank,
            score_tenths: 0,
            label: text.into(),
        };
        let snapshot = [row("s:1", 1), row("s:2", 2), row("s:3", 3)];
        let now = [
            (id("s:2"), Section::Ranked, 1),
            (id("s:4"), Section::Ranked, 2),
            (id("s:1"), Section::Ranked, 3),
            (id("s:3"), Section::Deferred, 1),
        ];
        let cmp = compare_with(&now, &snapshot, 2);
        assert_eq!(cmp.movement[&id("s:2")], Movement::By(1));
        assert_eq!(cmp.movement[&id("s:1")], Movement::By(-2));
        assert_eq!(cmp.movement[&id("s:4")], Movement::New);
        assert_eq!(
            cmp.movement[&id("s:3")],
            Movement::New,
            "moved to another section"
        );
        assert_eq!(cmp.new_in_top, [id("s:4")]);
        assert_eq!(
            cmp.dropped_from_top
                .iter()
                .map(|r| r.identity.to_string())
                .collect::<Vec<_>>(),
            ["s:1"]
        );
    }
}
