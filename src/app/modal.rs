//! What opens over the pane: the switching popups, the describe view, the
//! command bar and filter prompt, the errors view and help. They live in one
//! small stack: the top one takes the keys, and they are drawn bottom to top,
//! so input and drawing agree on what is in front. One of each kind at most;
//! opening a kind that is already open replaces it where it is.
//!
//! A pane's own dialogs (SSM's create form, the find-by-IP prompt) stay in
//! the pane: they belong to its room and go with it on a context switch.

use super::command::{ErrorsView, Prompt};
use super::describe::DescribeView;
use super::switch::Overlay;

/// Help, listing the keys of the pane on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Help;

/// One thing open over the pane.
#[allow(clippy::large_enum_variant, reason = "a handful at most, moved on open and close")]
#[derive(Debug, Clone)]
pub enum Modal {
    /// A switching popup: profiles, regions, the role form or an MFA prompt.
    Switch(Overlay),
    /// The describe view (`d`, `:whoami`).
    Describe(DescribeView),
    /// The command bar (`:`) or the filter prompt (`/`).
    Prompt(Prompt),
    /// The errors view (`!`).
    Errors(ErrorsView),
    /// Help (`?`).
    Help(Help),
}

/// A kind of [`Modal`], for typed access to the stack.
pub trait ModalKind: Sized {
    /// Wraps it as a modal.
    fn wrap(self) -> Modal;
    /// It, if `modal` is of this kind.
    fn peek(modal: &Modal) -> Option<&Self>;
    /// It, to change, if `modal` is of this kind.
    fn peek_mut(modal: &mut Modal) -> Option<&mut Self>;
    /// It, if `modal` is of this kind.
    fn unwrap(modal: Modal) -> Option<Self>;
}

macro_rules! modal_kinds {
    ($($variant:ident($ty:ty)),+ $(,)?) => {$(
        impl ModalKind for $ty {
            fn wrap(self) -> Modal {
                Modal::$variant(self)
            }
            fn peek(modal: &Modal) -> Option<&Self> {
                match modal {
                    Modal::$variant(it) => Some(it),
                    _ => None,
                }
            }
            fn peek_mut(modal: &mut Modal) -> Option<&mut Self> {
                match modal {
                    Modal::$variant(it) => Some(it),
                    _ => None,
                }
            }
            fn unwrap(modal: Modal) -> Option<Self> {
                match modal {
                    Modal::$variant(it) => Some(it),
                    _ => None,
                }
            }
        }
    )+};
}

modal_kinds!(Switch(Overlay), Describe(DescribeView), Prompt(Prompt), Errors(ErrorsView), Help(Help));

/// The modals open over the pane, bottom first.
#[derive(Debug, Clone, Default)]
pub struct Modals {
    stack: Vec<Modal>,
}

impl Modals {
    /// The one in front (it takes the keys).
    #[must_use]
    pub fn top(&self) -> Option<&Modal> {
        self.stack.last()
    }

    /// Bottom to top, the order they are drawn in.
    pub fn iter(&self) -> impl Iterator<Item = &Modal> {
        self.stack.iter()
    }

    /// Whether anything is open.
    #[must_use]
    pub fn any(&self) -> bool {
        !self.stack.is_empty()
    }

    /// The open modal of kind `T`.
    #[must_use]
    pub fn get<T: ModalKind>(&self) -> Option<&T> {
        self.stack.iter().find_map(T::peek)
    }

    /// The open modal of kind `T`, to change.
    pub fn get_mut<T: ModalKind>(&mut self) -> Option<&mut T> {
        self.stack.iter_mut().find_map(T::peek_mut)
    }

    /// Whether a modal of kind `T` is open.
    #[must_use]
    pub fn is_open<T: ModalKind>(&self) -> bool {
        self.get::<T>().is_some()
    }

    /// Opens `modal` in front, or in place of the one of its kind.
    pub fn open<T: ModalKind>(&mut self, modal: T) {
        match self.stack.iter_mut().find(|m| T::peek(m).is_some()) {
            Some(slot) => *slot = modal.wrap(),
            None => self.stack.push(modal.wrap()),
        }
    }

    /// Closes the modal of kind `T` and returns it.
    pub fn take<T: ModalKind>(&mut self) -> Option<T> {
        let at = self.stack.iter().position(|m| T::peek(m).is_some())?;
        T::unwrap(self.stack.remove(at))
    }

    /// Closes the modal of kind `T`, if open.
    pub fn close<T: ModalKind>(&mut self) {
        self.stack.retain(|m| T::peek(m).is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_opened_is_in_front_and_reopening_keeps_the_place() {
        let mut modals = Modals::default();
        modals.open(Help);
        modals.open(ErrorsView::default());
        assert!(matches!(modals.top(), Some(Modal::Errors(_))));
        modals.open(Help);
        assert!(matches!(modals.top(), Some(Modal::Errors(_))), "help replaced in place");
        assert_eq!(modals.take::<ErrorsView>(), Some(ErrorsView::default()));
        assert!(matches!(modals.top(), Some(Modal::Help(_))));
        modals.close::<Help>();
        assert!(!modals.any());
    }
}
