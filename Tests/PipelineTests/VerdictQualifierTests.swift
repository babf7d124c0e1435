import Measures
import Notes
import Testing

/// A change's test rides in the verdict sentence itself (DESIGN.md §5), whatever the status, and
/// the sentences that weaken the verdict further still follow it.
@Suite("Verdict with a qualifier")
struct VerdictQualifierTests {
    let clause = "изменение статистически незначимо (p = 0,585): улучшилось 17, ухудшилось 13"

    func verdict(_ numerator: Int, _ denominator: Int, target: Double, uncounted: Int? = nil) -> String {
        MeasureValues(
            label: "доля", definition: "—", share: Share(numerator: numerator, denominator: denominator),
            target: target, unit: .person, uncounted: uncounted, qualifier: clause
        ).verdictText
    }

    @Test func theClauseEndsTheFirstSentenceOfEachStatus() {
        // 17 of 76 against 20 % (within margin, two answers decide it), 40 of 50 (achieved),
        // 5 of 50 (not achieved), 17 of 76 against 25 % (not achieved within margin).
        #expect(
            verdict(17, 76, target: 0.2).hasPrefix(
                "Целевой показатель достигнут, но в пределах погрешности: 95\u{00A0}% доверительный интервал содержит целевое значение; \(clause). Вывод держится на двух ответах"
            ))
        #expect(verdict(40, 50, target: 0.2) == "Целевой показатель достигнут; \(clause).")
        #expect(
            verdict(5, 50, target: 0.5).hasPrefix(
                "Целевой показатель не достигнут (до цели недостаёт 40,0\u{00A0}п.\u{00A0}п.); \(clause)."))
        #expect(verdict(17, 76, target: 0.25).contains("содержит целевое значение; \(clause)."))
    }

    @Test func theBoundsSentenceStillFollows() {
        let text = verdict(17, 76, target: 0.22, uncounted: 4)
        #expect(text.contains("; \(clause). "))
        #expect(text.hasSuffix("по обе стороны от цели."))
        #expect(text.components(separatedBy: clause).count == 2)
    }

    /// The built-in справка's verdict: the same figures in the words of the main text — no
    /// interval named, no p-value, «вывод», not «вердикт».
    @Test func thePlainVerdictLeavesTheStatisticsToTheAppendix() {
        func plain(_ numerator: Int, _ denominator: Int, target: Double, uncounted: Int? = nil) -> MeasureValues {
            MeasureValues(
                label: "доля", definition: "—", share: Share(numerator: numerator, denominator: denominator),
                target: target, unit: .person, uncounted: uncounted, qualifier: clause,
                plainQualifier: "изменение может быть случайным: улучшилось 17, ухудшилось 13")
        }
        let within = plain(17, 76, target: 0.22, uncounted: 4)
        #expect(
            within.plainVerdictText.hasPrefix(
                "Целевой показатель достигнут, но в пределах погрешности: доля может оказаться и ниже целевого значения; изменение может быть случайным: улучшилось 17, ухудшилось 13."
            ))
        #expect(
            within.plainVerdictText.contains(
                " Вывод под сомнением: если бы неучтённые строки (4, кроме повторных и тестовых)"))
        #expect(
            plain(17, 76, target: 0.25).plainVerdictText.hasPrefix(
                "Целевой показатель не достигнут (до цели недостаёт 2,6\u{00A0}п.\u{00A0}п.), но в пределах погрешности: доля может и достигать целевого значения;"
            ))
        for values in [within, plain(17, 76, target: 0.25), plain(40, 50, target: 0.2)] {
            for word in ["95", "p =", "ердикт", "доверительн"] {
                #expect(!values.plainVerdictText.contains(word), "\(values.plainVerdictText)")
            }
        }
        // The verdict of the shipped templates keeps its words.
        #expect(within.verdictText.contains("95\u{00A0}% доверительный интервал содержит целевое значение; \(clause)."))
        #expect(within.verdictText.contains("Вердикт под сомнением"))
    }
}
