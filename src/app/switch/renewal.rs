//! Renewing a session that expired under the context on screen: an MFA code again, or `aws sso login`, then the failed loads once more.

use super::*;
use crate::app::action::{ChildCredentials, ExternalPurpose};

impl App {
    /// `L`: runs `aws sso login` for the profile whose session expired.
    pub(crate) fn sso_login(&mut self) -> Vec<Command> {
        match self.credentials.sso_profile.clone() {
            Some(profile) => {
                let mut args: Vec<String> = vec!["sso".into(), "login".into()];
                // No profile: the default chain, which `aws` finds the same way.
                if !profile.is_empty() {
                    args.extend(["--profile".into(), profile]);
                }
                vec![Command::RunExternal {
                    program: "aws".into(),
                    args,
                    purpose: ExternalPurpose::SsoLogin,
                    credentials: ChildCredentials::Inherited,
                }]
            }
            None => {
                self.status = Some(StatusMessage {
                    text: "No SSO session to log in to: L runs aws sso login when one has expired.".into(),
                    is_error: false,
                });
                Vec::new()
            }
        }
    }

    /// After `aws sso login`: retry the switch that needed it, or, when the
    /// session ran out under the context on screen, renew that context's
    /// provider from the files (no switch: the panes keep their rows) and
    /// then retry the loads that failed.
    pub(crate) fn external_finished(&mut self, ok: bool, message: String) -> Vec<Command> {
        self.status = Some(StatusMessage { text: message, is_error: !ok });
        if !ok {
            return Vec::new();
        }
        let profile = self.credentials.sso_profile.take().unwrap_or_default();
        if let Some(context) = self.credentials.sso_switch.take() {
            return self.switch_context(context);
        }
        if matches!(self.connection, Connection::Connected(_)) && self.pending.is_none() {
            let generation = self.generation;
            let renewal = match self.credentials.renewal.take() {
                Some(mut renewal) if renewal.generation == generation => {
                    renewal.cause = RenewCause::Sso { profile };
                    renewal
                }
                _ => Renewal {
                    generation,
                    cause: RenewCause::Sso { profile },
                    retry: Vec::new(),
                    running: false,
                    declined: false,
                },
            };
            self.credentials.renewal = Some(Renewal { running: true, ..renewal });
            return vec![Command::Renew { generation, context: self.context.clone() }];
        }
        self.switch_context(self.pending.clone().map_or_else(|| self.context.clone(), |(_, c)| c))
    }

    /// A load under the context on screen failed because its MFA or SSO
    /// session ran out: remember the slot for the retry, and ask for a new
    /// code (or arm `L`).
    pub(crate) fn on_session_expired(&mut self, slot: Slot, error: &Failure) {
        let cause = match error.kind {
            ErrorKind::MfaExpired => RenewCause::Mfa { serial: self.expired_mfa_serial().unwrap_or_default() },
            ErrorKind::SsoExpired => RenewCause::Sso { profile: self.context.profile.clone().unwrap_or_default() },
            _ => return,
        };
        let generation = self.generation;
        let renewal = self.credentials.renewal.get_or_insert_with(|| Renewal {
            generation,
            cause: cause.clone(),
            retry: Vec::new(),
            running: false,
            declined: false,
        });
        if renewal.generation != generation {
            *renewal = Renewal { generation, cause: cause.clone(), retry: Vec::new(), running: false, declined: false };
        }
        if !renewal.running {
            renewal.cause = cause.clone();
        }
        if !matches!(slot, Slot::Profiles | Slot::Regions) && !renewal.retry.contains(&slot) {
            renewal.retry.push(slot);
        }
        let (running, declined) = (renewal.running, renewal.declined);
        self.dirty = true;
        match cause {
            RenewCause::Sso { profile } => {
                self.credentials.sso_profile = Some(profile.clone());
                self.credentials.sso_switch = None;
                let text = if profile.is_empty() {
                    "SSO session expired — press L to log in".to_owned()
                } else {
                    format!("SSO session for profile {profile} expired — press L to log in")
                };
                self.status = Some(StatusMessage { text, is_error: true });
            }
            RenewCause::Mfa { serial } => {
                let prompt_open = matches!(self.modals.get::<Overlay>(), Some(Overlay::Mfa(p)) if p.renew);
                if running || prompt_open {
                    return;
                }
                let free = !self.modals.is_open::<Overlay>()
                    && !self.modals.is_open::<Help>()
                    && !self.modals.is_open::<Prompt>();
                if free && !declined {
                    self.open_renew_prompt(serial);
                } else {
                    self.status = Some(StatusMessage { text: renew_hint(&serial), is_error: true });
                }
            }
        }
    }

    /// `r` while an MFA session has expired: the prompt again, instead of
    /// loads that can only fail. Returns whether it handled the key.
    pub(crate) fn reopen_renewal(&mut self) -> bool {
        let generation = self.generation;
        let Some(renewal) = self.credentials.renewal.as_mut().filter(|r| r.generation == generation) else {
            return false;
        };
        let RenewCause::Mfa { serial } = renewal.cause.clone() else {
            // SSO: `r` reloads; if it still fails, the failures arm L again.
            self.credentials.renewal = None;
            return false;
        };
        if renewal.running {
            self.status = Some(StatusMessage { text: "Checking the new MFA code…".into(), is_error: false });
            return true;
        }
        renewal.declined = false;
        self.open_renew_prompt(serial);
        true
    }

    pub(super) fn open_renew_prompt(&mut self, serial: String) {
        self.modals.open(Overlay::Mfa(MfaPrompt {
            context: self.context.clone(),
            profile: self.context.chain_label(),
            serial,
            code: TextInput::default(),
            error: None,
            waiting: false,
            renew: true,
        }));
        self.dirty = true;
    }

    /// Esc on the renew prompt: everything stays as it is.
    pub(super) fn decline_renewal(&mut self) {
        let serial = match self.credentials.renewal.as_mut() {
            Some(renewal) => {
                renewal.declined = true;
                match &renewal.cause {
                    RenewCause::Mfa { serial } => serial.clone(),
                    RenewCause::Sso { .. } => String::new(),
                }
            }
            None => String::new(),
        };
        self.status = Some(StatusMessage { text: renew_hint(&serial), is_error: false });
    }

    /// The MFA device of the session that expired: the profile's own (when the
    /// context carries a code for it), else the first role's in the chain.
    pub(super) fn expired_mfa_serial(&self) -> Option<String> {
        let profile_serial = self.profile_mfa_serial();
        if self.context.mfa_code.is_some()
            && let Some(serial) = profile_serial
        {
            return Some(serial.to_owned());
        }
        self.context.roles().find_map(|r| r.mfa.as_ref().map(|m| m.serial.clone()))
    }

    /// The MFA device of the current profile's own role, if one was asked for.
    pub(super) fn profile_mfa_serial(&self) -> Option<&str> {
        let profile = self.context.profile.as_deref()?;
        self.recent.mfa_devices.iter().find(|(p, _)| p == profile).map(|(_, s)| s.as_str())
    }

    /// The context on screen with `code` where the spent code from `serial`
    /// was: the profile's `mfa_code` and every role whose device it is.
    #[must_use]
    pub fn with_new_code(&self, serial: &str, code: &str) -> AwsContext {
        let mut next = self.context.clone();
        let roles_use_it = next.roles().any(|r| r.mfa.as_ref().is_some_and(|m| m.serial == serial));
        let profile_uses_it = match self.profile_mfa_serial() {
            Some(profile_serial) => profile_serial == serial,
            // The profile's device is not known: its code is spent all the same.
            None => !roles_use_it,
        };
        if next.mfa_code.is_some() && profile_uses_it {
            next.mfa_code = Some(code.to_owned());
        }
        for role in next.chain.iter_mut().chain(next.role.as_mut()) {
            if let Some(mfa) = role.mfa.as_mut()
                && mfa.serial == serial
            {
                mfa.code = code.to_owned();
            }
        }
        next
    }

    /// [`super::Action::Renewed`]: the session of the context on screen was
    /// renewed. Keep the rows, take the new context, close the prompt and
    /// issue again what failed.
    pub(crate) fn renewed(
        &mut self,
        generation: u64,
        context: AwsContext,
        expires: Option<std::time::SystemTime>,
    ) -> Vec<Command> {
        let current = self.credentials.renewal.as_ref().is_some_and(|r| r.generation == generation && r.running);
        if generation != self.generation || !current {
            return Vec::new();
        }
        let Some(renewal) = self.credentials.renewal.take() else { return Vec::new() };
        self.dirty = true;
        if let Connection::Connected(environment) = &mut self.connection {
            environment.context = context.clone();
        }
        self.context = context;
        self.credentials.expires = expires;
        if matches!(self.modals.get::<Overlay>(), Some(Overlay::Mfa(p)) if p.renew) {
            self.modals.close::<Overlay>();
        }
        let text = match &renewal.cause {
            RenewCause::Mfa { .. } => "MFA session renewed; reloading what failed.",
            RenewCause::Sso { .. } => {
                self.credentials.sso_profile = None;
                "SSO session renewed; reloading what failed."
            }
        };
        self.status = Some(StatusMessage { text: text.into(), is_error: false });
        self.retry_loads(&renewal.retry)
    }

    /// [`super::Action::RenewFailed`]: say why where the user is looking (a
    /// wrong code in the prompt, which stays open).
    pub(crate) fn renew_failed(&mut self, generation: u64, error: Failure) {
        if generation != self.generation {
            return;
        }
        self.dirty = true;
        self.record_failure(None, None, &error);
        if let Some(renewal) = self.credentials.renewal.as_mut().filter(|r| r.generation == generation) {
            renewal.running = false;
        }
        if error.kind == ErrorKind::SsoExpired {
            self.credentials.sso_profile = Some(self.context.profile.clone().unwrap_or_default());
        }
        match self.modals.get_mut::<Overlay>() {
            Some(Overlay::Mfa(prompt)) if prompt.renew => {
                prompt.waiting = false;
                prompt.error = Some(error.message);
            }
            _ => {
                let hint = if error.kind == ErrorKind::SsoExpired { " Press L to log in." } else { "" };
                self.status = Some(StatusMessage { text: format!("{}{hint}", error.message), is_error: true });
            }
        }
    }
}
