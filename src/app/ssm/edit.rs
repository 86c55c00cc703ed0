//! The dialogs of a write: the create form, the type-the-name delete
//! prompt, the confirmation that shows the change, and the waits between.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent};

use super::diff::DiffLine;
use crate::app::action::RequestId;
use crate::app::input::{InputOutcome, TextInput};
use crate::aws::ssm::{ParameterType, ParameterWrite, Sensitive};

/// A dialog over the pane. While one is open it takes every key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    /// The value is open in the user's editor (request `id`).
    Editing {
        /// The editor request.
        id: RequestId,
        /// The parameter.
        name: String,
        /// The version the edit is based on.
        base_version: i64,
        /// The value before editing.
        original: Sensitive,
    },
    /// Re-reading the parameter before asking to confirm.
    Checking {
        /// The check request.
        id: RequestId,
        /// The write it is for.
        write: ParameterWrite,
        /// The value before the change (for the diff), on an update.
        original: Option<Sensitive>,
    },
    /// The parameter is as the user saw it: asking to confirm the change.
    Confirm {
        /// The write to run on `y`.
        write: ParameterWrite,
        /// What will happen, one line each.
        summary: Vec<String>,
        /// The value's changes.
        diff: Vec<DiffLine>,
        /// Set when the values are masked in the diff (a SecureString never revealed).
        masked: bool,
    },
    /// The write is running; it cannot be cancelled halfway.
    Writing {
        /// The write request.
        id: RequestId,
        /// The write.
        write: ParameterWrite,
    },
    /// A write was refused or failed.
    Refused {
        /// The parameter.
        name: String,
        /// Why, and what to do.
        message: String,
    },
    /// The create form.
    Create(CreateForm),
    /// The delete prompt.
    Delete(DeleteForm),
}

impl Modal {
    /// The request the dialog waits for, if any.
    #[must_use]
    pub fn waiting_for(&self) -> Option<RequestId> {
        match self {
            Self::Editing { id, .. } | Self::Checking { id, .. } | Self::Writing { id, .. } => Some(*id),
            _ => None,
        }
    }
}

/// The steps of the create form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateStep {
    /// The full name.
    Name,
    /// String, StringList or SecureString.
    Type,
    /// The value.
    Value,
    /// An optional description.
    Description,
}

/// The create form: one field at a time. Its `Debug` leaves out the value,
/// which may be a SecureString being typed.
#[derive(Clone, PartialEq, Eq)]
pub struct CreateForm {
    /// The step on screen.
    pub step: CreateStep,
    /// The name typed so far.
    pub name: TextInput,
    /// The type chosen.
    pub kind: ParameterType,
    /// The value typed so far.
    pub value: TextInput,
    /// The description typed so far.
    pub description: TextInput,
    /// Why the last Enter was not accepted.
    pub problem: Option<String>,
}

impl fmt::Debug for CreateForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateForm")
            .field("step", &self.step)
            .field("name", &self.name.value)
            .field("kind", &self.kind)
            .field("value", &"<redacted>")
            .field("description", &self.description.value)
            .field("problem", &self.problem)
            .finish()
    }
}

/// The types the create form offers, in order.
pub const CREATE_TYPES: [ParameterType; 3] =
    [ParameterType::String, ParameterType::StringList, ParameterType::SecureString];

/// What a key did to the create form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    /// Still filling it in.
    Editing,
    /// Esc: give up.
    Cancelled,
    /// Every step done: the write to check.
    Done(ParameterWrite),
}

impl CreateForm {
    /// A form whose name starts in `folder` (`/app/dev/`).
    #[must_use]
    pub fn new(folder: &str) -> Self {
        Self {
            step: CreateStep::Name,
            name: TextInput::with_value(format!("{folder}/")),
            kind: ParameterType::String,
            value: TextInput::default(),
            description: TextInput::default(),
            problem: None,
        }
    }

    /// Applies a key.
    pub fn on_key(&mut self, key: KeyEvent) -> FormOutcome {
        if key.code == KeyCode::Esc {
            return FormOutcome::Cancelled;
        }
        self.problem = None;
        match self.step {
            CreateStep::Name => {
                if self.name.on_key(key) == InputOutcome::Submitted {
                    match name_problem(&self.name.value) {
                        Some(problem) => self.problem = Some(problem),
                        None => self.step = CreateStep::Type,
                    }
                }
            }
            CreateStep::Type => self.choose_type(key),
            CreateStep::Value => {
                if self.value.on_key(key) == InputOutcome::Submitted {
                    if self.value.value.is_empty() {
                        self.problem = Some("A parameter needs a value; AWS refuses empty ones.".to_owned());
                    } else {
                        self.step = CreateStep::Description;
                    }
                }
            }
            CreateStep::Description => {
                if self.description.on_key(key) == InputOutcome::Submitted {
                    let description = self.description.value.trim().to_owned();
                    return FormOutcome::Done(ParameterWrite::Create {
                        name: self.name.value.clone(),
                        kind: self.kind.clone(),
                        value: Sensitive::new(self.value.value.clone()),
                        description: (!description.is_empty()).then_some(description),
                    });
                }
            }
        }
        FormOutcome::Editing
    }

    fn choose_type(&mut self, key: KeyEvent) {
        let at = CREATE_TYPES.iter().position(|t| *t == self.kind).unwrap_or(0);
        let next = match key.code {
            KeyCode::Char('1') => 0,
            KeyCode::Char('2') => 1,
            KeyCode::Char('3') => 2,
            KeyCode::Down | KeyCode::Right | KeyCode::Tab | KeyCode::Char('j' | 'l') => (at + 1) % CREATE_TYPES.len(),
            KeyCode::Up | KeyCode::Left | KeyCode::BackTab | KeyCode::Char('k' | 'h') => {
                (at + CREATE_TYPES.len() - 1) % CREATE_TYPES.len()
            }
            KeyCode::Enter => {
                self.step = CreateStep::Value;
                at
            }
            _ => at,
        };
        self.kind = CREATE_TYPES[next].clone();
    }
}

/// Why `name` cannot be a parameter name, in the user's words; `None` when it can.
#[must_use]
pub fn name_problem(name: &str) -> Option<String> {
    let problem = if name.is_empty() || name == "/" {
        "Type a name, such as /app/dev/db/host."
    } else if name.ends_with('/') {
        "A name cannot end with /; add the parameter's own name after the folder."
    } else if name.contains('/') && !name.starts_with('/') {
        "A name with folders must start with /, such as /app/dev/db/host."
    } else if name.contains("//") {
        "A name cannot contain an empty folder (//)."
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || "_.-/".contains(c)) {
        "Names may use letters, digits and _ . - / only."
    } else if name.len() > 2048 {
        "A name can be at most 2048 characters long."
    } else if ["aws", "ssm"].iter().any(|p| name.trim_start_matches('/').to_ascii_lowercase().starts_with(p)) {
        "Names starting with aws or ssm are reserved by AWS."
    } else {
        return None;
    };
    Some(problem.to_owned())
}

/// The delete prompt: the user types the name to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteForm {
    /// The parameter.
    pub name: String,
    /// Its type, to show.
    pub kind: ParameterType,
    /// The version the user saw; the delete is refused if it moved.
    pub version: i64,
    /// What was typed.
    pub input: TextInput,
    /// Set after an Enter whose text did not match.
    pub mismatch: bool,
}

impl DeleteForm {
    /// Applies a key; `Some(true)` confirms, `Some(false)` cancels.
    pub fn on_key(&mut self, key: KeyEvent) -> Option<bool> {
        match self.input.on_key(key) {
            InputOutcome::Submitted if self.input.value == self.name => Some(true),
            InputOutcome::Submitted => {
                self.mismatch = true;
                None
            }
            InputOutcome::Cancelled => Some(false),
            InputOutcome::Editing => {
                self.mismatch = false;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(form: &mut CreateForm, text: &str) -> FormOutcome {
        let mut last = FormOutcome::Editing;
        for c in text.chars() {
            last = form.on_key(key(KeyCode::Char(c)));
        }
        last
    }

    #[test]
    fn the_create_form_walks_name_type_value_description() {
        let mut form = CreateForm::new("/app/dev");
        assert_eq!(form.name.value, "/app/dev/");
        form.on_key(key(KeyCode::Enter));
        assert_eq!(form.step, CreateStep::Name, "a name ending in / is refused");
        assert!(form.problem.is_some());
        typed(&mut form, "token");
        form.on_key(key(KeyCode::Enter));
        assert_eq!(form.step, CreateStep::Type);
        form.on_key(key(KeyCode::Char('3')));
        form.on_key(key(KeyCode::Enter));
        form.on_key(key(KeyCode::Enter));
        assert_eq!(form.step, CreateStep::Value, "an empty value is refused");
        typed(&mut form, "s3cret");
        form.on_key(key(KeyCode::Enter));
        assert!(!format!("{form:?}").contains("s3cret"), "Debug leaves the value out");
        let done = form.on_key(key(KeyCode::Enter));
        assert_eq!(
            done,
            FormOutcome::Done(ParameterWrite::Create {
                name: "/app/dev/token".into(),
                kind: ParameterType::SecureString,
                value: Sensitive::new("s3cret"),
                description: None,
            })
        );
    }

    #[test]
    fn names_are_checked_before_asking_aws() {
        assert_eq!(name_problem("/app/dev/x"), None);
        assert_eq!(name_problem("plain-name"), None);
        assert!(name_problem("app/x").is_some());
        assert!(name_problem("/app//x").is_some());
        assert!(name_problem("/app/x y").is_some());
        assert!(name_problem("/aws/reserved").is_some());
    }

    #[test]
    fn delete_needs_the_exact_name() {
        let mut form = DeleteForm {
            name: "/a".into(),
            kind: ParameterType::String,
            version: 1,
            input: TextInput::default(),
            mismatch: false,
        };
        form.on_key(key(KeyCode::Char('a')));
        assert_eq!(form.on_key(key(KeyCode::Enter)), None);
        assert!(form.mismatch);
        form.input = TextInput::with_value("/a");
        assert_eq!(form.on_key(key(KeyCode::Enter)), Some(true));
        assert_eq!(form.on_key(key(KeyCode::Esc)), Some(false));
    }
}
