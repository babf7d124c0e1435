import Foundation
import HTTPTypes
import Hummingbird

/// The checks before any handler: on the loopback, a Host naming this machine; the access
/// token when the server listens beyond the loopback; the CSRF token on every request that
/// changes something.
///
/// Access: a first visit with `?token=…` sets an HttpOnly, SameSite=Strict cookie and redirects
/// to the same page without the token in its address; later requests carry the cookie. CSRF:
/// a POST or PUT must carry the server's CSRF token — in the `X-CSRF-Token` header (uploads),
/// in the query (`csrf=`), or as the `csrf` field of a form; otherwise a 403 page.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = WorkbenchContext
    let settings: WorkbenchSettings
    static let cookieName = "shnor_token"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if settings.accessToken == nil, !Self.namesThisMachine(request.head.authority) {
            // A page of another site whose name was pointed at 127.0.0.1 (DNS rebinding) would
            // otherwise read the workbench as if it were the analyst.
            throw PageError(
                .forbidden, "Чужой адрес",
                "Workbench отвечает только на адреса этого компьютера (127.0.0.1, localhost).")
        }
        if let token = settings.accessToken {
            let query = request.uri.queryParameters
            if let given = query.get("token") {
                guard Self.same(given, token) else { throw Self.tokenRefusal }
                var response = Response(status: .seeOther, headers: [.location: request.uri.path])
                response.setCookie(
                    Cookie(name: Self.cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict))
                return response
            }
            guard let cookie = request.cookies[Self.cookieName], Self.same(cookie.value, token) else {
                throw Self.tokenRefusal
            }
        }
        var request = request
        if request.method == .post || request.method == .put || request.method == .delete {
            guard try await carriesCSRFToken(&request, context: context) else {
                throw PageError(
                    .forbidden, "Форма отклонена",
                    "В запросе нет ключа формы (CSRF) или он неверен. Откройте страницу заново и повторите действие: "
                        + "так workbench защищает ваши файлы от чужих сайтов, открытых в том же браузере.")
            }
        }
        return try await next(request, context)
    }

    static let tokenRefusal = PageError(
        .forbidden, "Нужен ключ доступа",
        "Этот workbench открыт не только на этом компьютере, поэтому требует ключ. Откройте адрес с ?token=…, "
            + "который shnor serve напечатал при запуске.")

    /// Whether the request carries the CSRF token; a form's body is read (up to the context's
    /// limit) and put back for the handler.
    func carriesCSRFToken(_ request: inout Request, context: Context) async throws -> Bool {
        if let name = Self.csrfHeader, let given = request.headers[name] { return Self.same(given, settings.csrfToken) }
        if let given = request.uri.queryParameters.get("csrf") { return Self.same(given, settings.csrfToken) }
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else {
            return false
        }
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let form = Form(String(buffer: body))
        return form["csrf"].map { Self.same($0, settings.csrfToken) } ?? false
    }

    /// Whether a Host header names the loopback: 127.0.0.1, localhost or [::1], with any port.
    static func namesThisMachine(_ host: String?) -> Bool {
        guard let host = host?.lowercased() else { return false }
        let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
        return name == "127.0.0.1" || name == "localhost" || name == "[::1]"
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// The fields of an `application/x-www-form-urlencoded` body; the last of repeated names wins,
/// `all` keeps every value in order.
struct Form: Sendable {
    let all: [(name: String, value: String)]

    init(_ text: String) {
        var fields: [(String, String)] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            fields.append((decode(parts[0]), parts.count > 1 ? decode(parts[1]) : ""))
        }
        all = fields
    }

    subscript(_ name: String) -> String? { all.last { $0.name == name }?.value }
}
