//! Talking to the person at the terminal. Everything else in dockgen goes through the
//! [`Prompter`] trait, so the non-interactive path has no special cases.

use crate::error::Result;
use crate::preset::manifest::Question;
use crate::value::{AnswerSource, AnswerValue};

pub trait Prompter {
    /// Asks `question`, pre-filled with `current` (which came from `source`). `None` keeps
    /// the current value (or leaves the question unanswered when there is none).
    fn ask(
        &mut self,
        question: &Question,
        current: Option<&AnswerValue>,
        source: Option<AnswerSource>,
    ) -> Result<Option<AnswerValue>>;
}

/// Never asks: scripts, CI and any run without a terminal.
pub struct NonInteractive;

impl Prompter for NonInteractive {
    fn ask(
        &mut self,
        _question: &Question,
        _current: Option<&AnswerValue>,
        _source: Option<AnswerSource>,
    ) -> Result<Option<AnswerValue>> {
        Ok(None)
    }
}
