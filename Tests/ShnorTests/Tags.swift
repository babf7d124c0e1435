import Testing

extension Tag {
    /// End-to-end tests that run the binary on large generated exports, or many times over (tens
    /// of seconds on two cores); `make test-fast` leaves them out, `make test` runs them.
    @Tag static var slow: Self
}
