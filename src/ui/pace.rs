//! Pacing of frames that only follow the pointer.
//!
//! egui draws a frame for every pointer movement. Under software OpenGL (Mesa llvmpipe, as on
//! the city's virtual desktops without a GPU) a frame of a full table costs some 25 ms of CPU,
//! so a moving pointer alone kept the app at one and a half cores. A frame that follows only
//! the pointer – no click, key, wheel, drag or running work – waits until a short interval
//! since the last frame has passed; the movements of that time arrive together in one frame.
//! Everything else is drawn at once.

use std::time::{Duration, Instant};

use egui::{Event, InputState};

/// The least time between two frames that only follow the pointer (about 12 frames a second:
/// hovering still answers within a blink, at about a third of a core).
pub const HOVER_INTERVAL: Duration = Duration::from_millis(80);

/// When the last frame began.
#[derive(Default)]
pub struct Pacer {
    last: Option<Instant>,
}

impl Pacer {
    /// Waits, if this frame only follows the pointer, until `HOVER_INTERVAL` since the last
    /// frame has passed. The input is looked at under egui's lock, the waiting is done outside
    /// it, so workers reporting progress are not held up.
    pub fn pace(&mut self, ctx: &egui::Context) {
        let wait = ctx.input(|i| self.wait_for(i, Instant::now()));
        if let Some(wait) = wait {
            std::thread::sleep(wait);
        }
        self.last = Some(Instant::now());
    }

    /// How long a frame with this input waits at `now`.
    fn wait_for(&self, input: &InputState, now: Instant) -> Option<Duration> {
        let last = self.last?;
        if !only_follows_pointer(input) {
            return None;
        }
        HOVER_INTERVAL.checked_sub(now.duration_since(last))
    }
}

/// Whether a frame has nothing to do but follow the pointer: there are events, and all of them
/// are movements of a pointer with no button held.
fn only_follows_pointer(input: &InputState) -> bool {
    !input.raw.events.is_empty()
        && !input.pointer.any_down()
        && input
            .raw
            .events
            .iter()
            .all(|e| matches!(e, Event::PointerMoved(_) | Event::MouseMoved(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input_with(events: Vec<Event>) -> InputState {
        let ctx = egui::Context::default();
        let mut input = None;
        let raw = egui::RawInput {
            events,
            ..Default::default()
        };
        let mut output = ctx.run_ui(raw, |ui| input = Some(ui.input(|i| i.clone())));
        output.textures_delta.clear();
        input.unwrap_or_default()
    }

    #[test]
    fn only_pointer_movements_wait() {
        let now = Instant::now();
        let pacer = Pacer {
            last: Some(now - Duration::from_millis(30)),
        };
        let moved = input_with(vec![Event::PointerMoved(egui::pos2(10.0, 10.0))]);
        let wait = pacer.wait_for(&moved, now);
        assert_eq!(wait, Some(HOVER_INTERVAL - Duration::from_millis(30)));
        let typed = input_with(vec![
            Event::PointerMoved(egui::pos2(10.0, 10.0)),
            Event::Text("a".into()),
        ]);
        assert_eq!(pacer.wait_for(&typed, now), None, "a key is drawn at once");
        let nothing = input_with(Vec::new());
        assert_eq!(
            pacer.wait_for(&nothing, now),
            None,
            "a repaint asked for by work"
        );
        let later = now + HOVER_INTERVAL;
        assert_eq!(
            pacer.wait_for(&moved, later),
            None,
            "the interval has passed"
        );
        assert_eq!(
            Pacer::default().wait_for(&moved, now),
            None,
            "the first frame"
        );
    }
}
