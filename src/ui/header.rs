//! The header: who and where we are.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{text, theme};
use crate::app::{App, Connection};

/// Draws `awscope  aws://ACCOUNT/REGION (profile P)` with the role chain and
/// badges, and under it the caller ARN, credential expiry and endpoint.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let [top, bottom] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let account = app.identity.as_ref().map(|i| i.account.as_str());
    let address = match app.environment() {
        Some(env) => env.address(account),
        None => {
            let region = app.context.region.as_deref().unwrap_or("…");
            format!("aws://…/{region} ({})", app.context.label())
        }
    };
    let mut left = vec![
        Span::styled(" awscope ", theme::badge()),
        Span::raw(" "),
        Span::styled(text::inert(&address).into_owned(), theme::address()),
    ];
    if app.context.role.is_some() {
        left.push(Span::styled(format!("  {}", text::inert(&app.context.chain_label())), theme::address()));
    }
    if let Some((_, next)) = &app.pending
        && app.environment().is_some()
    {
        left.push(Span::styled(format!("  ⇢ switching to {}…", text::inert(&next.chain_label())), theme::notice()));
    }
    let mut badges = Vec::new();
    if app.is_production() {
        badges.push(Span::styled(" PROD ", theme::production()));
        badges.push(Span::raw(" "));
    }
    if app.read_only {
        badges.push(Span::styled(" READ-ONLY ", theme::read_only()));
    }
    let badge_width = u16::try_from(badges.iter().map(|s| s.content.chars().count()).sum::<usize>()).unwrap_or(0);
    let [l, r] = Layout::horizontal([Constraint::Min(0), Constraint::Length(badge_width)]).areas(top);
    frame.render_widget(Paragraph::new(Line::from(left)), l);
    frame.render_widget(Paragraph::new(Line::from(badges)), r);

    let mut second = match (&app.connection, &app.identity, &app.identity_error) {
        (Connection::Connecting, _, _) => Line::styled("  connecting…", theme::dim()),
        (Connection::Failed(_), _, _) => Line::styled("  not connected — see below", theme::error()),
        (Connection::Connected(_), Some(identity), _) => {
            Line::styled(format!("  {}", text::inert(&identity.arn)), theme::dim())
        }
        (Connection::Connected(_), None, Some(_)) => {
            Line::styled("  identity unknown (GetCallerIdentity failed; see the status line)", theme::error())
        }
        (Connection::Connected(_), None, None) => Line::styled("  resolving identity…", theme::dim()),
    };
    if let (Some(expires), Some(_)) = (app.credentials.expires, &app.identity) {
        let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
        if let Ok(at) = time::OffsetDateTime::from(expires).format(format) {
            second.spans.push(Span::styled(format!("  · credentials expire {at}"), theme::dim()));
        }
    }
    if let Some(url) = app.environment().and_then(|e| e.endpoint_url.as_deref()) {
        second.spans.push(Span::styled(format!("  · endpoint {}", text::inert(url)), theme::dim()));
    }
    frame.render_widget(Paragraph::new(second), bottom);
}
