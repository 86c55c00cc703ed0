//! The S3 pane's writes and bulk transfers: the path prompts (with Tab
//! completion), the plan previewed as it is counted, the confirmation (`y`
//! after a skip/overwrite choice, or the typed name of what a delete
//! removes), the job's progress on the status line, and its report.

use crossterm::event::{KeyCode, KeyEvent};

pub use super::dialogs::{Dialog, PathPrompt, PlanView, PromptFor, ReportView, RunningJob, Writes, common_prefix};
use super::dialogs::{complete, scroll_key, submit};
use super::jobs::{Completion, JobKind, JobProgress, JobReport, Overwrite, S3Place, Selection};
use super::views::ObjectsView;
use super::{S3Pane, S3Payload, S3Request, S3Slot, View, basename, request, slot};
use crate::app::action::{Command, Failure, RequestId};
use crate::app::ctx::Ctx;
use crate::app::input::{InputOutcome, TextInput};
use crate::text;

impl S3Pane {
    /// The prefix view on screen, if that is what is on top.
    fn objects_on_top(&self) -> Option<&ObjectsView> {
        match self.top()? {
            View::Objects(view) => Some(view),
            _ => None,
        }
    }

    /// Whether a new job may start; says why not.
    pub(super) fn job_free(&self, ctx: &mut Ctx<'_>) -> bool {
        match &self.writes.job {
            Some(job) => {
                ctx.info(format!("A {} is running; wait for it or press Esc to cancel it.", job.job.verb()));
                false
            }
            None => true,
        }
    }

    /// `u`: the upload prompt, under the prefix on screen.
    pub(super) fn start_upload(&mut self, ctx: &mut Ctx<'_>) {
        let Some(view) = self.objects_on_top() else {
            ctx.info("Open a bucket or folder to upload into it.");
            return;
        };
        let to = S3Place { bucket: view.bucket.clone(), key: view.prefix.clone(), region: view.region.clone() };
        if ctx.refuse_if_read_only(&format!("upload to {}", to.uri())) || !self.job_free(ctx) {
            return;
        }
        self.open_prompt(PromptFor::Upload(to), String::new());
    }

    /// `c` / `m`: the destination prompt, prefilled with the prefix on screen.
    pub(super) fn start_copy(&mut self, remove_source: bool, ctx: &mut Ctx<'_>) {
        let verb = if remove_source { "move" } else { "copy" };
        let Some((from, uri)) = self.job_selection() else {
            ctx.info(format!("Select or mark objects or folders to {verb}."));
            return;
        };
        if ctx.refuse_if_read_only(&format!("{verb} objects")) || !self.job_free(ctx) {
            return;
        }
        self.open_prompt(PromptFor::Copy { from, remove_source }, uri);
    }

    /// `s` on a folder or a marked set: the directory prompt.
    pub(super) fn start_tree_download(&mut self, from: Selection, ctx: &mut Ctx<'_>) {
        if ctx.refuse_if_read_only("download files") || !self.job_free(ctx) {
            return;
        }
        self.open_prompt(PromptFor::Download(from), "./".to_owned());
    }

    /// The selection of the prefix on screen (or the object of a detail
    /// view) and the view's `s3://` prefix.
    pub(super) fn job_selection(&self) -> Option<(Selection, String)> {
        if let Some(view) = self.objects_on_top() {
            return view.selection().map(|s| (s, view.uri()));
        }
        let (object, _) = self.current_object()?;
        let base = object.key.rfind('/').map_or("", |end| &object.key[..=end]).to_owned();
        let uri = format!("s3://{}/{base}", object.bucket);
        Some((
            Selection {
                bucket: object.bucket,
                region: object.region,
                base,
                keys: vec![object.key],
                prefixes: Vec::new(),
            },
            uri,
        ))
    }

    fn open_prompt(&mut self, purpose: PromptFor, value: String) {
        self.writes.dialog = Some(Dialog::Prompt(PathPrompt {
            purpose,
            input: TextInput::with_value(value),
            completing: None,
            candidates: Vec::new(),
            note: None,
        }));
    }

    /// Ctrl-D: count what goes, then ask for the typed confirmation.
    pub(super) fn start_delete(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some((selection, _)) = self.job_selection() else {
            ctx.info("Select or mark objects or folders to delete.");
            return Vec::new();
        };
        let marked = self.objects_on_top().is_some_and(|v| !v.marks.is_empty());
        let count = selection.keys.len() + selection.prefixes.len();
        let expect = if marked {
            format!("delete {count}")
        } else if let Some(prefix) = selection.prefixes.first() {
            prefix.strip_prefix(selection.base.as_str()).unwrap_or(prefix).to_owned()
        } else {
            basename(selection.keys.first().map_or("", String::as_str)).to_owned()
        };
        let what = if marked {
            format!("{count} marked entries")
        } else {
            format!(
                "s3://{}/{}",
                selection.bucket,
                selection.keys.first().or(selection.prefixes.first()).map_or("", String::as_str)
            )
        };
        if ctx.refuse_if_read_only(&format!("delete {what}")) || !self.job_free(ctx) {
            return Vec::new();
        }
        let versioned = self.writes.versioning.iter().find(|(b, _)| *b == selection.bucket).map(|(_, v)| *v);
        self.plan(JobKind::Delete(selection), Some(expect), versioned, ctx)
    }

    /// Starts counting `job`.
    fn plan(
        &mut self,
        job: JobKind,
        expect: Option<String>,
        versioned: Option<bool>,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        let (id, command) = ctx.load(slot(S3Slot::Plan), request(S3Request::Plan(job.clone())));
        self.writes.dialog = Some(Dialog::Plan(PlanView {
            job,
            id: Some(id),
            items: Vec::new(),
            bytes: 0,
            existing: 0,
            complete: false,
            failed: None,
            overwrite: None,
            expect,
            typed: TextInput::default(),
            note: None,
            versioned,
        }));
        vec![command]
    }

    /// A key while a dialog of the write flows is open.
    pub(super) fn on_write_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let commands = self.on_dialog_key(key, ctx);
        if self.writes.dialog.is_none()
            && let Some(report) = self.writes.waiting_report.take()
        {
            self.writes.dialog = Some(Dialog::Report(report));
        }
        commands
    }

    fn on_dialog_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(dialog) = self.writes.dialog.take() else { return Vec::new() };
        match dialog {
            Dialog::Prompt(prompt) => self.on_prompt_key(prompt, key, ctx),
            Dialog::Plan(plan) => self.on_plan_key(plan, key, ctx),
            Dialog::Report(mut report) => {
                if !scroll_key(&mut report.scroll, key, ctx.rows) {
                    return Vec::new();
                }
                self.writes.dialog = Some(Dialog::Report(report));
                Vec::new()
            }
            other => self.on_version_key(other, key, ctx),
        }
    }

    fn on_prompt_key(&mut self, mut prompt: PathPrompt, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if key.code == KeyCode::Tab {
            let typed = prompt.input.value.clone();
            let completion = if prompt.purpose.is_local() { Completion::Local(typed) } else { Completion::S3(typed) };
            let (id, command) = ctx.load(slot(S3Slot::Complete), request(S3Request::Complete(completion)));
            prompt.completing = Some(id);
            self.writes.dialog = Some(Dialog::Prompt(prompt));
            return vec![command];
        }
        match prompt.input.on_key(key) {
            InputOutcome::Editing => {
                prompt.note = None;
                self.writes.dialog = Some(Dialog::Prompt(prompt));
                Vec::new()
            }
            InputOutcome::Cancelled => {
                ctx.info("Nothing was changed.");
                if prompt.completing.is_some() { vec![Command::Cancel(slot(S3Slot::Complete))] } else { Vec::new() }
            }
            InputOutcome::Submitted => match submit(&prompt) {
                Ok(job) => self.plan(job, None, None, ctx),
                Err(why) => {
                    prompt.note = Some(why);
                    self.writes.dialog = Some(Dialog::Prompt(prompt));
                    Vec::new()
                }
            },
        }
    }

    fn on_plan_key(&mut self, mut plan: PlanView, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if key.code == KeyCode::Esc {
            ctx.info(format!("Cancelled the {}; nothing was changed.", plan.job.verb()));
            return if plan.id.is_some() { vec![Command::Cancel(slot(S3Slot::Plan))] } else { Vec::new() };
        }
        if plan.failed.is_some() {
            self.writes.dialog = Some(Dialog::Plan(plan));
            return Vec::new();
        }
        plan.note = None;
        if let Some(expect) = plan.expect.clone() {
            match plan.typed.on_key(key) {
                InputOutcome::Submitted if !plan.complete => {
                    plan.note = Some("Still counting; wait for the total.".into())
                }
                InputOutcome::Submitted if plan.typed.value == expect => return self.run(plan, Overwrite::Always, ctx),
                InputOutcome::Submitted => plan.note = Some(format!("Type {expect} exactly to delete.")),
                InputOutcome::Editing | InputOutcome::Cancelled => {}
            }
            self.writes.dialog = Some(Dialog::Plan(plan));
            return Vec::new();
        }
        match key.code {
            KeyCode::Char('s') if plan.complete && plan.existing > 0 => plan.overwrite = Some(Overwrite::Never),
            KeyCode::Char('o') if plan.complete && plan.existing > 0 => plan.overwrite = Some(Overwrite::Always),
            KeyCode::Char('y' | 'Y') if !plan.complete => {
                plan.note = Some("Still counting; wait for the total.".into())
            }
            KeyCode::Char('y' | 'Y') if plan.items.is_empty() => {
                ctx.info(format!("Nothing to {}.", plan.job.verb()));
                return Vec::new();
            }
            KeyCode::Char('y' | 'Y') if plan.existing > 0 && plan.overwrite.is_none() => {
                plan.note = Some("Choose first: s skip the existing ones, o overwrite them.".into());
            }
            KeyCode::Char('y' | 'Y') => {
                let overwrite = plan.overwrite.unwrap_or(Overwrite::Never);
                return self.run(plan, overwrite, ctx);
            }
            KeyCode::Enter => plan.note = Some("Enter does not confirm: press y to start, Esc to cancel.".into()),
            _ => {}
        }
        self.writes.dialog = Some(Dialog::Plan(plan));
        Vec::new()
    }

    fn run(&mut self, plan: PlanView, overwrite: Overwrite, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if !self.job_free(ctx) {
            self.writes.dialog = Some(Dialog::Plan(plan));
            return Vec::new();
        }
        let PlanView { job, items, bytes, .. } = plan;
        let count = items.len();
        let run = S3Request::Run { job: job.clone(), items, overwrite };
        let (id, command) = ctx.load(slot(S3Slot::Job), request(run));
        let running = RunningJob { id, job, items: count, bytes, progress: JobProgress::default() };
        ctx.info(running.status_line());
        self.writes.job = Some(running);
        vec![command]
    }

    /// Esc while a job runs: cancel it and say what was left.
    pub(super) fn cancel_job(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(job) = self.writes.job.take() else { return Vec::new() };
        let done = job.progress.items_done;
        let left = match &job.job {
            JobKind::Upload { .. } => " Multipart uploads it started are aborted; objects already written stay.",
            JobKind::Delete(_) => " Objects already deleted stay deleted.",
            JobKind::Copy { remove_source: true, .. } => " Sources are deleted only after their copy was verified.",
            JobKind::Copy { .. } => " Copies already made stay.",
            JobKind::Download { .. } => " No partial file is left behind.",
        };
        ctx.info(format!(
            "Cancelled the {} after {} of {} files.{left}",
            job.job.verb(),
            text::thousands(done),
            text::thousands(job.items)
        ));
        let mut commands = vec![Command::Cancel(slot(S3Slot::Job))];
        commands.extend(self.reload_prefix(ctx));
        commands
    }

    /// Reloads the prefix on screen (after a job changed it).
    fn reload_prefix(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match self.stack.last_mut() {
            Some(View::Objects(view)) => vec![Self::load_objects(view, ctx)],
            _ => Vec::new(),
        }
    }

    /// A result in one of the write slots.
    pub(super) fn on_write_loaded(
        &mut self,
        slot: S3Slot,
        id: RequestId,
        payload: S3Payload,
        more: bool,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        match (slot, payload) {
            (S3Slot::Complete, S3Payload::Completions { typed, candidates }) => {
                if let Some(Dialog::Prompt(prompt)) = &mut self.writes.dialog
                    && prompt.completing == Some(id)
                {
                    prompt.completing = None;
                    if prompt.input.value == typed {
                        complete(prompt, candidates);
                    }
                }
            }
            (S3Slot::Plan, S3Payload::PlanPage(page)) => {
                if let Some(Dialog::Plan(plan)) = &mut self.writes.dialog
                    && plan.id == Some(id)
                {
                    plan.bytes += page.iter().map(|i| i.size).sum::<u64>();
                    plan.existing += page.iter().filter(|i| i.exists).count();
                    plan.items.extend(page);
                    if !more {
                        plan.complete = true;
                        plan.id = None;
                    }
                }
            }
            (S3Slot::Job, S3Payload::JobProgress(progress)) => {
                if let Some(job) = &mut self.writes.job
                    && job.id == id
                {
                    job.progress = progress;
                    ctx.info(job.status_line());
                }
            }
            (S3Slot::Job, S3Payload::JobDone(report)) => {
                if self.writes.job.as_ref().is_some_and(|j| j.id == id) {
                    return self.job_done(report, ctx);
                }
            }
            (slot, payload) => return self.on_version_loaded(slot, id, payload, ctx),
        }
        Vec::new()
    }

    fn job_done(&mut self, report: JobReport, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(job) = self.writes.job.take() else { return Vec::new() };
        let verb = job.job.verb();
        let past = match verb {
            "upload" => "Uploaded",
            "delete" => "Deleted",
            "copy" => "Copied",
            "move" => "Moved",
            _ => "Downloaded",
        };
        if report.skipped.is_empty() && report.failed.is_empty() {
            ctx.info(format!("{past} {} files ({}).", text::thousands(report.done), text::bytes(report.bytes)));
        } else {
            ctx.info(format!(
                "{past} {} files; {} skipped, {} failed — see the report.",
                text::thousands(report.done),
                text::thousands(report.skipped.len()),
                text::thousands(report.failed.len())
            ));
            let view = ReportView { verb, report, scroll: 0 };
            if self.writes.dialog.is_some() {
                // A prompt opened meanwhile (a presigned URL) keeps the keys; the report follows it.
                self.writes.waiting_report = Some(view);
            } else {
                self.writes.dialog = Some(Dialog::Report(view));
            }
        }
        if matches!(job.job, JobKind::Delete(_) | JobKind::Copy { remove_source: true, .. })
            && let Some(View::Objects(view)) = self.stack.last_mut()
        {
            view.marks.clear();
        }
        self.reload_prefix(ctx)
    }

    /// A failure in one of the write slots.
    pub(super) fn on_write_failed(&mut self, slot: S3Slot, id: RequestId, error: &Failure, ctx: &mut Ctx<'_>) {
        match slot {
            S3Slot::Plan => {
                if let Some(Dialog::Plan(plan)) = &mut self.writes.dialog
                    && plan.id == Some(id)
                {
                    plan.id = None;
                    plan.failed = Some(error.message.clone());
                }
            }
            S3Slot::Job if self.writes.job.as_ref().is_some_and(|j| j.id == id) => {
                let job = self.writes.job.take();
                let verb = job.map_or("transfer", |j| j.job.verb());
                ctx.error(format!("The {verb} stopped: {} · r reloads the listing", error.message));
            }
            S3Slot::Complete => {
                if let Some(Dialog::Prompt(prompt)) = &mut self.writes.dialog
                    && prompt.completing == Some(id)
                {
                    prompt.completing = None;
                    prompt.note = Some(format!("Could not complete: {}", error.message));
                }
            }
            _ if self.writes.pending == Some(id) => {
                self.writes.pending = None;
                ctx.error(error.message.clone());
            }
            _ => {}
        }
    }

    /// `s`: a folder or a marked set downloads into a directory; a version
    /// selected in the detail downloads that version; else the one object.
    pub(super) fn save(&mut self, ctx: &mut Ctx<'_>) {
        if let Some(view) = self.objects_on_top()
            && (!view.marks.is_empty()
                || matches!(view.listing.selected_item(), Some(crate::aws::s3::Entry::Folder(_))))
        {
            if let Some(selection) = view.selection() {
                self.start_tree_download(selection, ctx);
            }
            return;
        }
        match self.selected_version() {
            Some((_, _, _, true)) => ctx.info("A delete marker has no content to save; select a version with data."),
            Some((_, id, false, false)) => self.start_download(Some(id), ctx),
            _ => self.start_download(None, ctx),
        }
    }
}
