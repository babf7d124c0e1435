import Foundation
import Hummingbird

/// A refusal shown to the analyst as a page in Russian with its HTTP status: a private file asked
/// for, a form without its CSRF token, an upload too large, a project that does not exist.
struct PageError: HTTPResponseError {
    let status: HTTPResponse.Status
    let title: String
    let message: String

    init(_ status: HTTPResponse.Status, _ title: String, _ message: String) {
        self.status = status
        self.title = title
        self.message = message
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Pages.response(
            Pages.render(
                "error", ["status": status.code, "heading": title, "message": message], title: title, csrf: nil),
            status: status)
    }

    static func notFound(_ what: String) -> PageError {
        PageError(.notFound, "Не найдено", what)
    }

    static func badRequest(_ message: String) -> PageError {
        PageError(.badRequest, "Запрос не выполнен", message)
    }

    /// The same refusal for any HTTP error the router or a library raised.
    static func from(_ error: any HTTPResponseError) -> PageError {
        switch error.status {
        case .notFound: notFound("Такой страницы или файла нет.")
        case .contentTooLarge:
            PageError(.contentTooLarge, "Файл слишком большой", "Запрос больше допустимого размера.")
        case .methodNotAllowed: PageError(.methodNotAllowed, "Так нельзя", "Этот адрес не принимает такой запрос.")
        default: PageError(error.status, "Ошибка", "Запрос не выполнен (код \(error.status.code)).")
        }
    }
}

/// Turns every error into a page: the workbench's own refusals as they are, the router's and the
/// libraries' HTTP errors worded in Russian, anything else as a 500 page naming the error.
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as PageError {
            throw error
        } catch let error as any HTTPResponseError {
            throw PageError.from(error)
        } catch {
            throw PageError(.internalServerError, "Ошибка", String(describing: error))
        }
    }
}
