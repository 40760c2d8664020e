//! Checking and applying the ranking commands: scores, pins, criteria, settings, snapshots.

use super::Workspace;
use crate::model::command::{Command, CriterionValue, EditError};
use crate::model::criteria::{Criterion, CriterionId};
use crate::model::format::format_number;
use crate::model::{Service, ServiceId};

impl Workspace {
    /// A criterion by id.
    pub fn criterion(&self, id: CriterionId) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// An unused id for a new criterion.
    pub fn next_criterion_id(&self) -> CriterionId {
        crate::model::ids::fresh(|id| self.criterion(id).is_some())
    }

    /// An unused id for a new snapshot.
    pub fn next_snapshot_id(&self) -> i64 {
        crate::model::ids::fresh(|id| self.snapshots.iter().any(|s| s.id == id))
    }

    fn existing_service(&self, id: ServiceId) -> Result<&Service, EditError> {
        self.service(id).ok_or(EditError::UnknownService(id))
    }

    fn existing_criterion(&self, id: CriterionId) -> Result<&Criterion, EditError> {
        self.criterion(id).ok_or(EditError::UnknownCriterion(id))
    }

    /// Checks a ranking command and returns its inverse.
    pub(super) fn prepare_ranking(&self, cmd: &Command) -> Result<Command, EditError> {
        Ok(match cmd {
            Command::SetScore {
                service,
                criterion,
                value,
            } => {
                let s = self.existing_service(*service)?;
                let c = self.existing_criterion(*criterion)?;
                let Some(max) = c.scale.max_value() else {
                    return Err(EditError::DerivedCriterion(c.name.clone()));
                };
                if let Some(v) = value
                    && !(v.is_finite() && (0.0..=max).contains(v))
                {
                    return Err(EditError::ScoreOutOfRange {
                        criterion: c.name.clone(),
                        value: format_number(*v),
                        max: format_number(max),
                    });
                }
                Command::SetScore {
                    service: *service,
                    criterion: *criterion,
                    value: s.scores.get(criterion).copied(),
                }
            }
            Command::SetPin { service, pin } => {
                let s = self.existing_service(*service)?;
                if let Some(p) = pin {
                    if p.position == 0 {
                        return Err(EditError::InvalidPosition);
                    }
                    if p.reason.trim().is_empty() {
                        return Err(EditError::Empty("Begründung"));
                    }
                }
                Command::SetPin {
                    service: *service,
                    pin: s.pin.clone(),
                }
            }
            Command::SetCriterion { id, value } => {
                let c = self.existing_criterion(*id)?;
                match value {
                    CriterionValue::Name(n) if n.trim().is_empty() => {
                        return Err(EditError::Empty("Name des Kriteriums"));
                    }
                    CriterionValue::Weight(w) if !(w.is_finite() && *w >= 0.0) => {
                        return Err(EditError::InvalidWeight(format_number(*w)));
                    }
                    _ => {}
                }
                Command::SetCriterion {
                    id: *id,
                    value: current_value(c, value),
                }
            }
            Command::AddCriterion { criterion, .. } => {
                if self.criterion(criterion.id).is_some() {
                    return Err(EditError::UnknownCriterion(criterion.id));
                }
                if criterion.name.trim().is_empty() {
                    return Err(EditError::Empty("Name des Kriteriums"));
                }
                Command::DeleteCriterion(criterion.id)
            }
            Command::DeleteCriterion(id) => {
                let c = self.existing_criterion(*id)?;
                let at = self.criteria.iter().position(|x| x.id == *id).unwrap_or(0);
                let scores = self
                    .services
                    .iter()
                    .filter_map(|s| s.scores.get(id).map(|v| (s.id, *v)))
                    .collect();
                Command::AddCriterion {
                    criterion: Box::new(c.clone()),
                    at,
                    scores,
                }
            }
            Command::SetRankingSettings(settings) => {
                if settings.top_n == 0 {
                    return Err(EditError::InvalidTopN);
                }
                Command::SetRankingSettings(self.ranking_settings)
            }
            Command::AddSnapshot(snapshot) => {
                if snapshot.title.trim().is_empty() {
                    return Err(EditError::Empty("Titel des Stands"));
                }
                if self.snapshots.iter().any(|s| s.id == snapshot.id) {
                    return Err(EditError::UnknownSnapshot(snapshot.id));
                }
                Command::DeleteSnapshot(snapshot.id)
            }
            Command::DeleteSnapshot(id) => {
                let s = self
                    .snapshots
                    .iter()
                    .find(|s| s.id == *id)
                    .ok_or(EditError::UnknownSnapshot(*id))?;
                Command::AddSnapshot(Box::new(s.clone()))
            }
            _ => return Err(EditError::Empty("Befehl")),
        })
    }

    /// Applies a ranking command that `prepare` accepted and the store has written.
    pub(super) fn apply_ranking(&mut self, cmd: &Command) {
        match cmd {
            Command::SetScore {
                service,
                criterion,
                value,
            } => {
                if let Some(&i) = self.service_index.get(service)
                    && let Some(s) = self.services.get_mut(i)
                {
                    match value {
                        Some(v) => s.scores.insert(*criterion, *v),
                        None => s.scores.remove(criterion),
                    };
                    if let Some(stamp) = self.service_stamps.get_mut(i) {
                        *stamp = self.revision;
                    }
                }
            }
            Command::SetPin { service, pin } => {
                if let Some(&i) = self.service_index.get(service)
                    && let Some(s) = self.services.get_mut(i)
                {
                    s.pin = pin.clone();
                }
            }
            Command::SetCriterion { id, value } => {
                if let Some(c) = self.criteria.iter_mut().find(|c| c.id == *id) {
                    set_value(c, value.clone());
                }
            }
            Command::AddCriterion {
                criterion,
                at,
                scores,
            } => {
                let at = (*at).min(self.criteria.len());
                self.criteria.insert(at, (**criterion).clone());
                for (service, value) in scores {
                    if let Some(&i) = self.service_index.get(service)
                        && let Some(s) = self.services.get_mut(i)
                    {
                        s.scores.insert(criterion.id, *value);
                    }
                }
            }
            Command::DeleteCriterion(id) => {
                self.criteria.retain(|c| c.id != *id);
                for s in &mut self.services {
                    s.scores.remove(id);
                }
            }
            Command::SetRankingSettings(settings) => self.ranking_settings = *settings,
            Command::AddSnapshot(snapshot) => {
                let at = self.snapshots.partition_point(|s| s.id < snapshot.id);
                self.snapshots.insert(at, (**snapshot).clone());
                self.snapshots.sort_by_key(|s| s.id);
            }
            Command::DeleteSnapshot(id) => self.snapshots.retain(|s| s.id != *id),
            _ => {}
        }
    }
}

fn current_value(c: &Criterion, like: &CriterionValue) -> CriterionValue {
    match like {
        CriterionValue::Name(_) => CriterionValue::Name(c.name.clone()),
        CriterionValue::Description(_) => CriterionValue::Description(c.description.clone()),
        CriterionValue::Weight(_) => CriterionValue::Weight(c.weight),
        CriterionValue::HigherIsBetter(_) => CriterionValue::HigherIsBetter(c.higher_is_better),
        CriterionValue::Enabled(_) => CriterionValue::Enabled(c.enabled),
    }
}

fn set_value(c: &mut Criterion, value: CriterionValue) {
    match value {
        CriterionValue::Name(v) => c.name = v,
        CriterionValue::Description(v) => c.description = v,
        CriterionValue::Weight(v) => c.weight = v,
        CriterionValue::HigherIsBetter(v) => c.higher_is_better = v,
        CriterionValue::Enabled(v) => c.enabled = v,
    }
}
