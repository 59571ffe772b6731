//! Signals held off while a write completes: the one module that may use `unsafe`, for
//! the two libc calls that block and restore them (the crate denies `unsafe_code`).
#![allow(unsafe_code)]

/// Blocks SIGINT, SIGTERM, SIGHUP and SIGQUIT until dropped, so that Ctrl-C or a `kill`
/// lands after a write is whole. A signal sent meanwhile takes effect when this is dropped.
pub(crate) struct HeldSignals {
    previous: Option<libc::sigset_t>,
}

impl HeldSignals {
    pub(crate) fn hold() -> HeldSignals {
        // SAFETY: the sets are initialised by sigemptyset before use, and
        // pthread_sigmask only reads `set` and writes `previous`.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            let mut previous: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
                libc::sigaddset(&mut set, signal);
            }
            let held = libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut previous) == 0;
            HeldSignals {
                previous: held.then_some(previous),
            }
        }
    }
}

impl Drop for HeldSignals {
    fn drop(&mut self) {
        if let Some(previous) = &self.previous {
            // SAFETY: `previous` is the mask pthread_sigmask returned in `hold`.
            unsafe {
                libc::pthread_sigmask(libc::SIG_SETMASK, previous, std::ptr::null_mut());
            }
        }
    }
}
