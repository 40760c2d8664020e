//! Work that takes longer than a frame (import, export) runs on a named thread; its progress
//! and its result come back over a channel that the UI polls each frame.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, channel};

/// What a worker says when it broke off without a result: nothing it would have written was
/// written (files are written beside the target and renamed, data in one transaction).
pub const BROKEN_OFF: &str = "Die Arbeit im Hintergrund ist unerwartet abgebrochen; es wurde nichts geändert. Bitte noch einmal versuchen.";

/// A result that can stand for work that broke off.
pub trait BrokenOff {
    fn broken_off() -> Self;
}

impl BrokenOff for String {
    fn broken_off() -> Self {
        BROKEN_OFF.to_owned()
    }
}

impl BrokenOff for super::app::Notice {
    fn broken_off() -> Self {
        super::app::Notice::error(BROKEN_OFF)
    }
}

impl BrokenOff for crate::exchange::table::ImportError {
    fn broken_off() -> Self {
        Self::BrokenOff
    }
}

impl BrokenOff for crate::exchange::catalogue::ImportRefusal {
    fn broken_off() -> Self {
        Self::File(crate::exchange::table::ImportError::BrokenOff)
    }
}

impl<T, E: BrokenOff> BrokenOff for Result<T, E> {
    fn broken_off() -> Self {
        Err(E::broken_off())
    }
}

enum Message<T> {
    Progress(f32),
    Done(T),
}

/// A running piece of work with a result of type `T`.
pub struct Job<T> {
    rx: Receiver<Message<T>>,
    /// The last reported progress, 0.0 to 1.0.
    pub progress: f32,
}

impl<T: BrokenOff + Send + 'static> Job<T> {
    /// Starts `work` on a thread called `name`; `work` reports progress through the function
    /// it is given. The UI is woken for every message. Work that panics ends with
    /// [`BrokenOff::broken_off`] instead of leaving the UI waiting.
    pub fn spawn(
        name: &str,
        ctx: &egui::Context,
        work: impl FnOnce(&dyn Fn(f32)) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let report = |f: f32| {
                    let _ = tx.send(Message::Progress(f));
                    ctx.request_repaint();
                };
                let result = catch_unwind(AssertUnwindSafe(|| work(&report)))
                    .unwrap_or_else(|_| T::broken_off());
                let _ = tx.send(Message::Done(result));
                ctx.request_repaint();
            })?;
        Ok(Self { rx, progress: 0.0 })
    }
}

impl<T> Job<T> {
    /// The result, once the work is done; records progress meanwhile.
    pub fn poll(&mut self) -> Option<T> {
        while let Ok(message) = self.rx.try_recv() {
            match message {
                Message::Progress(f) => self.progress = f,
                Message::Done(result) => return Some(result),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished<T>(mut job: Job<T>) -> T {
        let start = std::time::Instant::now();
        loop {
            if let Some(result) = job.poll() {
                return result;
            }
            assert!(start.elapsed().as_secs() < 10, "the job did not end");
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    #[test]
    fn work_that_panics_ends_with_a_message_instead_of_waiting_for_ever() {
        let ctx = egui::Context::default();
        let job: Job<Result<u32, String>> =
            Job::spawn("test", &ctx, |_| panic!("a broken worker")).unwrap();
        assert_eq!(finished(job), Err(BROKEN_OFF.to_owned()));
        let job: Job<Result<u32, String>> = Job::spawn("test", &ctx, |report| {
            report(0.5);
            Ok(7)
        })
        .unwrap();
        assert_eq!(finished(job), Ok(7));
    }
}
