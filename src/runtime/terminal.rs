//! Entering and leaving the full-screen terminal, and leaving it cleanly
//! whatever happens: normal exit, signals, Ctrl-Z, or a panic.

use std::cell::Cell;
use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;

/// The terminal type the app draws on.
pub type Tui = Terminal<CrosstermBackend<Stdout>>;

static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether the mouse is to be captured while awscope holds the terminal.
static MOUSE_WANTED: AtomicBool = AtomicBool::new(false);
/// Whether mouse capture is on now (and must be turned off on leaving).
static MOUSE_ON: AtomicBool = AtomicBool::new(false);

/// Asks for mouse capture (wheel, clicks) from the next [`enter`] on, and
/// every time the terminal is taken back after a suspend or an editor.
pub fn set_mouse(on: bool) {
    MOUSE_WANTED.store(on, Ordering::SeqCst);
}

/// Turns mouse capture on if it is wanted.
fn capture_mouse() -> io::Result<()> {
    if MOUSE_WANTED.load(Ordering::SeqCst) {
        execute!(io::stdout(), EnableMouseCapture)?;
        MOUSE_ON.store(true, Ordering::SeqCst);
    }
    Ok(())
}

thread_local! {
    static UI_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Marks the calling thread as the one that owns the terminal. A panic on it
/// restores the terminal; a panic anywhere else is only logged, because the
/// loader turns it into an error on the status line.
pub fn mark_ui_thread() {
    UI_THREAD.with(|t| t.set(true));
}

/// Switches to raw mode and the alternate screen.
///
/// # Errors
/// When the terminal refuses raw mode (not a tty) or cannot be written.
pub fn enter() -> io::Result<Tui> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    capture_mouse()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.hide_cursor()?;
    full_redraw(&mut terminal)?;
    Ok(terminal)
}

/// Leaves the alternate screen, shows the cursor and turns raw mode off.
/// Safe to call more than once, and from a panic hook.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        if MOUSE_ON.swap(false, Ordering::SeqCst) {
            let _ = execute!(out, DisableMouseCapture);
        }
        let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, Show);
        let _ = disable_raw_mode();
        let _ = out.flush();
    }
}

/// Installs a panic hook that restores the terminal before the panic message
/// is printed, when the panic happens on the UI thread. Panics on other
/// threads go to the log file only; printing them would garble the screen.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if UI_THREAD.with(Cell::get) || !ACTIVE.load(Ordering::SeqCst) {
            restore();
            tracing::error!(panic = %info, "awscope panicked");
            default(info);
        } else {
            tracing::error!(panic = %info, "background task panicked");
        }
    }));
}

/// Hands the terminal back to the shell (Ctrl-Z) and takes it again when the
/// shell resumes the process.
///
/// # Errors
/// When the terminal cannot be re-entered after resuming.
pub fn suspend(terminal: &mut Tui) -> io::Result<()> {
    restore();
    // SAFETY: raising a signal on our own process has no memory-safety
    // preconditions; SIGTSTP stops the process until the shell sends SIGCONT.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    capture_mouse()?;
    terminal.hide_cursor()?;
    full_redraw(terminal)
}

/// Clears the screen and forgets what was drawn, so the next draw repaints
/// everything. Unlike `Terminal::clear`, this never asks the terminal where
/// its cursor is: some terminals never answer, and start-up must not wait.
fn full_redraw(terminal: &mut Tui) -> io::Result<()> {
    let size = terminal.size()?;
    terminal.resize(Rect::new(0, 0, size.width, size.height))
}

/// Puts `text` on the clipboard with OSC 52, which terminals honour locally
/// and over SSH alike.
///
/// # Errors
/// When the terminal cannot be written.
pub fn copy_to_clipboard(text: &str) -> io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}
