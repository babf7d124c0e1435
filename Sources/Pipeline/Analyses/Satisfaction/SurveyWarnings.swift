import Clean
import Foundation
import Ingest
import Measures
import Notes

extension SurveyAnalysis {
    /// What the survey run could not count or found empty (DESIGN.md §7: nothing silent): each
    /// a ``RunWarning`` naming the measure, the table, the column or the file and line.
    func warnings(_ configuration: PipelineConfiguration, survey: InputResult) -> [RunWarning] {
        let allowed = configuration.spec.allowed
        var warnings: [RunWarning] = []
        for figure in measures {
            if figure.share.denominator == 0 {
                let why =
                    figure.spec.kind == .coverage
                    ? "в списке педагогических работников нет ни одного человека из школ, которые считает показатель"
                    : "ни одного содержательного ответа на вопрос среди анкет школ, которые считает показатель"
                warnings.append(
                    RunWarning(
                        .emptyDenominator, "показатель «\(figure.spec.label)» не посчитан: \(why)", allowed: allowed))
            }
            if !figure.unreadable.isEmpty {
                warnings.append(
                    RunWarning.unreadableAnswers(
                        of: "показатель «\(figure.spec.label)»", figure.unreadable,
                        categories: figure.scale?.categories.count ?? 0, allowed: allowed))
            }
            if let warning = RunWarning.uncertainVerdict(
                label: figure.spec.label,
                bounds: figure.uncounted.flatMap { UncountedBounds(share: figure.share, uncounted: $0) },
                target: figure.spec.target)
            {
                warnings.append(warning)
            }
        }
        for table in likert where !table.rows.isEmpty && table.rows.allSatisfy({ $0.distribution.substantive == 0 }) {
            warnings.append(
                RunWarning(
                    .emptyDenominator, "таблица «\(table.spec.label)» пуста: ни одного содержательного ответа",
                    allowed: allowed))
        }
        for (owner, dimension) in emptyBreakdowns {
            warnings.append(
                RunWarning(
                    .emptyColumn,
                    "разбивка «\(owner)» по «\(dimension.rawValue)» пуста: ни один ответ не отнесён ни к одной группе — проверьте столбец в выгрузке \(survey.path)",
                    allowed: allowed))
        }
        return warnings
    }
}
