//! The help overlay, generated from the keymap that drives input.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::widgets::popup::centered;
use super::{pane_block, theme};
use crate::app::Pane;
use crate::app::keymap::{Entry, Group, KeyAction, Keymap};

fn group_lines(group: Group, entries: &[&Entry]) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(group.title(), theme::column_header())];
    for binding in entries {
        let keys: Vec<String> = binding.keys.iter().map(|k| k.label()).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<16}", keys.join(" / ")), theme::address()),
            Span::raw(binding.help),
        ]));
    }
    lines
}

/// Draws the help popup centred in `area`: one column when it fits, else
/// global keys on the left and navigation plus the pane's own on the right.
/// The keys are those of `keymap`, the one input uses.
pub fn render(frame: &mut Frame<'_>, area: Rect, pane: Pane, keymap: &Keymap) {
    let groups: Vec<Vec<Line<'static>>> =
        keymap.help(pane).into_iter().map(|(group, entries)| group_lines(group, &entries)).collect();
    let joined = |parts: &[Vec<Line<'static>>]| -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push(Line::raw(""));
            }
            out.extend(part.iter().cloned());
        }
        out
    };
    let single = joined(&groups);
    let first = |action| keymap.keys_for(action).first().map(|k| k.label());
    let closers: Vec<String> = [first(KeyAction::Back), first(KeyAction::Help)].into_iter().flatten().collect();
    let block = pane_block(Line::styled(format!(" Help — {} to close ", closers.join(" or ")), theme::title()));
    if single.len() + 2 <= usize::from(area.height) {
        let height = u16::try_from(single.len() + 2).unwrap_or(u16::MAX);
        let popup = centered(area, 64, height);
        frame.render_widget(Clear, popup);
        frame.render_widget(Paragraph::new(single).block(block), popup);
        return;
    }
    let (left, right) = groups.split_at(1.min(groups.len()));
    let (mut left, mut right) = (joined(left), joined(right));
    let rows = usize::from(area.height.saturating_sub(2));
    if left.len().max(right.len()) > rows {
        // Too tall by groups: the lines flow from the left column into the
        // right one, broken between groups where that still fits.
        let at = (0..=rows.min(single.len()))
            .rev()
            .find(|&i| single.get(i).is_some_and(|l| l.width() == 0) && single.len() - i - 1 <= rows)
            .map_or(rows.min(single.len()), |i| i);
        left = single[..at].to_vec();
        right = single[at..].iter().skip_while(|l| l.width() == 0).cloned().collect();
    }
    let height = u16::try_from(left.len().max(right.len()) + 2).unwrap_or(u16::MAX);
    let popup = centered(area, 120, height);
    frame.render_widget(Clear, popup);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(right), r);
}
