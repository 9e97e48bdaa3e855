//! [`HostError`]: the error a host function returns to stop the wasm call.

use std::error::Error;
use std::fmt;

/// An error a host function returns to stop the wasm call that reached it.
///
/// The wasm frames between the host function and the host's call into wasm
/// are discarded, and that call returns `Err(Trap)` with
/// [`crate::TrapCode::HostError`]; [`crate::Trap::host_error`] gives this
/// error back, and it is the trap's [`Error::source`].
///
/// Like `anyhow::Error`, it does not implement [`Error`] itself, so that
/// every `E: Error + Send + Sync + 'static` converts into it with `?`.
pub struct HostError {
    inner: Box<dyn Error + Send + Sync>,
}

/// The error of [`HostError::msg`].
struct Message(String);

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Message {}

impl HostError {
    /// Wraps `error`.
    pub fn new<E: Error + Send + Sync + 'static>(error: E) -> HostError {
        HostError {
            inner: Box::new(error),
        }
    }

    /// An error that is just a message.
    pub fn msg(message: impl fmt::Display) -> HostError {
        HostError::new(Message(message.to_string()))
    }

    /// Whether the wrapped error is an `E`.
    pub fn is<E: Error + 'static>(&self) -> bool {
        self.inner.is::<E>()
    }

    /// The wrapped error, if it is an `E`.
    pub fn downcast_ref<E: Error + 'static>(&self) -> Option<&E> {
        self.inner.downcast_ref::<E>()
    }

    /// The wrapped error, if it is an `E`; else `self` back.
    pub fn downcast<E: Error + 'static>(self) -> Result<E, HostError> {
        match self.inner.downcast::<E>() {
            Ok(error) => Ok(*error),
            Err(inner) => Err(HostError { inner }),
        }
    }

    /// The wrapped error.
    pub fn into_inner(self) -> Box<dyn Error + Send + Sync> {
        self.inner
    }

    /// The wrapped error, borrowed.
    pub fn as_error(&self) -> &(dyn Error + Send + Sync + 'static) {
        &*self.inner
    }
}

impl<E: Error + Send + Sync + 'static> From<E> for HostError {
    fn from(error: E) -> HostError {
        HostError::new(error)
    }
}

impl fmt::Debug for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Denied(u32);

    impl fmt::Display for Denied {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "denied {}", self.0)
        }
    }

    impl Error for Denied {}

    #[test]
    fn wraps_any_error_and_gives_it_back() {
        let error: HostError = Denied(7).into();
        assert!(error.is::<Denied>());
        assert_eq!(error.downcast_ref::<Denied>(), Some(&Denied(7)));
        assert_eq!(error.to_string(), "denied 7");
        let error = error.downcast::<std::io::Error>().unwrap_err();
        assert_eq!(error.downcast::<Denied>().unwrap(), Denied(7));
    }

    #[test]
    fn messages_display_as_given() {
        let error = HostError::msg(format_args!("bad fd {}", 3));
        assert_eq!(error.to_string(), "bad fd 3");
        assert!(!error.is::<Denied>());
        assert_eq!(error.into_inner().to_string(), "bad fd 3");
    }
}
