//! The switching popups: the profile and region pickers, the role form and the MFA prompt, and the keys they take.

use super::*;

impl App {
    /// The context for `generation` needs an MFA code: ask for it.
    pub(crate) fn ask_mfa(&mut self, generation: u64, context: AwsContext, profile: String, serial: String) {
        if self.pending.as_ref().map(|(g, _)| *g) != Some(generation) {
            return;
        }
        self.pending = None;
        if !matches!(self.connection, Connection::Connected(_)) {
            self.connection = Connection::Failed(Failure {
                kind: ErrorKind::Config,
                message: format!("Profile {profile} needs an MFA code from {serial}."),
            });
        }
        // Remembered so an expired session of this profile can name its device.
        self.recent.mfa_devices.retain(|(p, _)| *p != profile);
        self.recent.mfa_devices.push((profile.clone(), serial.clone()));
        self.modals.open(Overlay::Mfa(MfaPrompt {
            context,
            profile,
            serial,
            code: TextInput::default(),
            error: None,
            waiting: false,
            renew: false,
        }));
        self.dirty = true;
    }

    /// `P`: opens the profile picker and reads the config files.
    pub(crate) fn open_profiles(&mut self) -> Vec<Command> {
        let (mut ctx, _) = self.split();
        let (request, command) = ctx.load(Slot::Profiles, LoadRequest::Profiles);
        self.modals.open(Overlay::Profiles(ProfilePicker {
            filter: TextInput::default(),
            catalog: None,
            selected: 0,
            request,
            error: None,
        }));
        vec![command]
    }

    /// `R`: opens the region picker: recent regions, the commercial list, and
    /// what DescribeRegions adds when it is allowed.
    pub(crate) fn open_regions(&mut self) -> Vec<Command> {
        let regions = self.region_choices(
            &COMMERCIAL
                .iter()
                .map(|n| RegionInfo { name: (*n).to_owned(), opt_in: false, enabled: true })
                .collect::<Vec<_>>(),
        );
        let mut picker = RegionPicker { filter: TextInput::default(), regions, selected: 0, request: None, note: None };
        let mut commands = Vec::new();
        if self.environment().is_some() {
            let (mut ctx, _) = self.split();
            let (id, command) = ctx.load(Slot::Regions, LoadRequest::Regions);
            picker.request = Some(id);
            commands.push(command);
        }
        self.modals.open(Overlay::Regions(picker));
        commands
    }

    pub(super) fn region_choices(&self, known: &[RegionInfo]) -> Vec<RegionChoice> {
        let mut choices: Vec<RegionChoice> = self
            .recent
            .regions
            .iter()
            .map(|name| {
                let info = known.iter().find(|r| &r.name == name);
                RegionChoice {
                    name: name.clone(),
                    opt_in: info.is_some_and(|r| r.opt_in),
                    enabled: info.is_none_or(|r| r.enabled),
                    recent: true,
                }
            })
            .collect();
        for info in known {
            if !self.recent.regions.contains(&info.name) {
                choices.push(RegionChoice {
                    name: info.name.clone(),
                    opt_in: info.opt_in,
                    enabled: info.enabled,
                    recent: false,
                });
            }
        }
        choices
    }

    /// `A`: opens the role form.
    pub(crate) fn open_role_form(&mut self) {
        let back_to = self.history.last().cloned();
        let mut fields: [TextInput; 6] = Default::default();
        if let Some(serial) = self.context.role.as_ref().and_then(|r| r.mfa.as_ref()).map(|m| m.serial.clone()) {
            fields[4] = TextInput::with_value(serial);
        }
        // With somewhere to go back to, "A Enter" switches back (like `cd -`);
        // typing moves straight into the ARN field.
        self.modals.open(Overlay::Role(RoleForm {
            fields,
            focus: 0,
            back_to,
            recent: self.recent.roles.clone(),
            error: None,
            waiting: false,
        }));
    }

    /// Keys while an overlay is open.
    pub(crate) fn on_overlay_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(overlay) = self.modals.take::<Overlay>() else { return Vec::new() };
        match overlay {
            Overlay::Profiles(picker) => self.profiles_key(picker, key),
            Overlay::Regions(picker) => self.regions_key(picker, key),
            Overlay::Role(form) => self.role_key(form, key),
            Overlay::Mfa(prompt) => self.mfa_key(prompt, key),
        }
    }

    pub(super) fn profiles_key(&mut self, mut picker: ProfilePicker, key: KeyEvent) -> Vec<Command> {
        let count = picker.matches().len();
        match key.code {
            KeyCode::Esc => return Vec::new(),
            KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
            KeyCode::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Enter => {
                if let Some(profile) = picker.matches().get(picker.selected).map(|p| p.name.clone()) {
                    let context = AwsContext { profile: Some(profile), ..AwsContext::default() };
                    picker.error = None;
                    self.modals.open(Overlay::Profiles(picker));
                    return self.switch_context(context);
                }
            }
            _ => {
                picker.filter.on_key(key);
                picker.selected = 0;
            }
        }
        self.modals.open(Overlay::Profiles(picker));
        Vec::new()
    }

    pub(super) fn regions_key(&mut self, mut picker: RegionPicker, key: KeyEvent) -> Vec<Command> {
        let count = picker.matches().len();
        match key.code {
            KeyCode::Esc => return Vec::new(),
            KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
            KeyCode::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Enter => {
                if let Some(region) = picker.matches().get(picker.selected).map(|r| r.name.clone()) {
                    let context = AwsContext { region: Some(region), ..self.context.clone() };
                    return self.switch_context(context);
                }
            }
            _ => {
                picker.filter.on_key(key);
                picker.selected = 0;
            }
        }
        self.modals.open(Overlay::Regions(picker));
        Vec::new()
    }

    pub(super) fn role_key(&mut self, mut form: RoleForm, key: KeyEvent) -> Vec<Command> {
        let rows = form.first_field() + ROLE_FIELDS.len();
        match key.code {
            KeyCode::Esc => return Vec::new(),
            KeyCode::Tab | KeyCode::Down => form.focus = (form.focus + 1) % rows,
            KeyCode::BackTab | KeyCode::Up
                if form.focused_field() == Some(0) && !form.recent.is_empty() && key.code == KeyCode::Up =>
            {
                // ↑ on the ARN field cycles through recent roles.
                let current = form.fields[0].value.clone();
                let at = form.recent.iter().position(|r| r.arn == current).map_or(0, |i| (i + 1) % form.recent.len());
                let role = form.recent[at].clone();
                form.fields = Default::default();
                form.fields[0] = TextInput::with_value(role.arn);
                form.fields[1] = TextInput::with_value(role.session_name.unwrap_or_default());
                form.fields[2] = TextInput::with_value(role.external_id.unwrap_or_default());
                form.fields[3] = TextInput::with_value(role.duration_secs.map(|d| d.to_string()).unwrap_or_default());
                form.fields[4] = TextInput::with_value(role.mfa.map(|m| m.serial).unwrap_or_default());
            }
            KeyCode::BackTab | KeyCode::Up => form.focus = (form.focus + rows - 1) % rows,
            KeyCode::Enter => {
                if form.focused_field().is_none()
                    && let Some(back) = form.back_to.clone()
                {
                    self.history.pop();
                    form.waiting = true;
                    self.modals.open(Overlay::Role(form));
                    return self.switch_context(back);
                }
                match self.role_from_form(&form) {
                    Ok(role) => {
                        form.error = None;
                        form.waiting = true;
                        let context = self.context.with_role(role);
                        self.modals.open(Overlay::Role(form));
                        return self.switch_context(context);
                    }
                    Err(problem) => form.error = Some(problem),
                }
            }
            _ => {
                if form.focused_field().is_none() && matches!(key.code, KeyCode::Char(_)) {
                    form.focus = form.first_field();
                }
                if let Some(field) = form.focused_field() {
                    form.fields[field].on_key(key);
                }
            }
        }
        self.modals.open(Overlay::Role(form));
        Vec::new()
    }

    pub(super) fn role_from_form(&self, form: &RoleForm) -> Result<RoleSpec, String> {
        let value = |i: usize| Some(form.fields[i].value.trim().to_owned()).filter(|v| !v.is_empty());
        let arn = value(0).ok_or("Type the ARN of the role to assume (arn:aws:iam::ACCOUNT:role/NAME).")?;
        if !arn.starts_with("arn:") || !arn.contains(":role/") {
            return Err(format!("{arn} is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)."));
        }
        let duration_secs = match value(3) {
            Some(d) => Some(
                d.parse::<i32>()
                    .ok()
                    .filter(|d| (900..=43_200).contains(d))
                    .ok_or("Duration is in seconds, 900 to 43200.")?,
            ),
            None => None,
        };
        let mfa = match (value(4), value(5)) {
            (Some(serial), Some(code)) if valid_code(&code) => Some(MfaCode { serial, code }),
            (Some(_), Some(_)) => return Err("The MFA code is the 6 digits your device shows.".into()),
            (Some(_), None) => return Err("Type the 6-digit MFA code, or clear the MFA serial.".into()),
            (None, Some(_)) => return Err("Type the MFA device's serial (or ARN) for the code.".into()),
            (None, None) => None,
        };
        let _ = self;
        Ok(RoleSpec { session_name: value(1), external_id: value(2), duration_secs, mfa, ..RoleSpec::new(arn) })
    }

    pub(super) fn mfa_key(&mut self, mut prompt: MfaPrompt, key: KeyEvent) -> Vec<Command> {
        match prompt.code.on_key(key) {
            InputOutcome::Cancelled if prompt.renew => {
                self.decline_renewal();
                return Vec::new();
            }
            InputOutcome::Cancelled => return Vec::new(),
            InputOutcome::Submitted if prompt.renew && valid_code(prompt.code.value.trim()) => {
                let code = prompt.code.value.trim().to_owned();
                prompt.error = None;
                prompt.waiting = true;
                prompt.code = TextInput::default();
                let context = self.with_new_code(&prompt.serial, &code);
                self.modals.open(Overlay::Mfa(prompt));
                let generation = self.generation;
                if let Some(renewal) = self.credentials.renewal.as_mut() {
                    renewal.running = true;
                }
                return vec![Command::Renew { generation, context }];
            }
            InputOutcome::Submitted if valid_code(prompt.code.value.trim()) => {
                let context =
                    AwsContext { mfa_code: Some(prompt.code.value.trim().to_owned()), ..prompt.context.clone() };
                prompt.error = None;
                prompt.waiting = true;
                prompt.code = TextInput::default();
                self.modals.open(Overlay::Mfa(prompt));
                return self.switch_context(context);
            }
            InputOutcome::Submitted => prompt.error = Some("The MFA code is the 6 digits your device shows.".into()),
            InputOutcome::Editing => {}
        }
        self.modals.open(Overlay::Mfa(prompt));
        Vec::new()
    }

    /// Applies the profile catalog or region list to the open picker.
    pub(crate) fn on_switch_data(
        &mut self,
        id: RequestId,
        catalog: Option<ProfileCatalog>,
        regions: Option<Vec<RegionInfo>>,
    ) {
        match (self.modals.get_mut::<Overlay>(), catalog, regions) {
            (Some(Overlay::Profiles(picker)), Some(catalog), _) if picker.request == id => {
                picker.catalog = Some(catalog)
            }
            (Some(Overlay::Regions(picker)), _, Some(regions)) if picker.request == Some(id) => {
                picker.request = None;
                let mut known: Vec<RegionInfo> = regions;
                for name in COMMERCIAL {
                    if !known.iter().any(|r| r.name == *name) {
                        known.push(RegionInfo { name: (*name).to_owned(), opt_in: false, enabled: true });
                    }
                }
                known.sort_by(|a, b| a.name.cmp(&b.name));
                let regions = self.region_choices(&known);
                if let Some(Overlay::Regions(picker)) = self.modals.get_mut::<Overlay>() {
                    picker.regions = regions;
                }
            }
            _ => {}
        }
    }

    /// DescribeRegions was refused: keep the static list and say so.
    pub(crate) fn on_regions_failed(&mut self, id: RequestId, error: &Failure) {
        if let Some(Overlay::Regions(picker)) = self.modals.get_mut::<Overlay>()
            && picker.request == Some(id)
        {
            picker.request = None;
            picker.note = Some(format!("Showing the standard list: DescribeRegions failed ({:?}).", error.kind));
        }
    }
}
