#pragma once

#include "MandatDocument.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/// The translated copy printed after the French mandat for an usager who does not read French
/// (docs/mandat-translations.md). The French mandat stays the legal document; the copy carries a
/// banner, in French and in the language, that it has no legal value.
///
/// The wording is data: one JSON file per language in resources/mandat-translations/, with the
/// same sections and placeholders as the French reference (fr.json, the text of MandatDocument),
/// the same template version as Attestation::kTemplateVersion, the months, date formats, printed
/// durations and démarches of the language, its direction and the font families that cover its script.
namespace MandatTranslation {

struct Translation
{
    QString language; ///< file name without ".json": "ar", "prs" (Dari), "ps"…
    QString locale; ///< the language's QLocale name ("fa_AF" for Dari)
    QString nameFr; ///< « Arabe »
    QString nameNative; ///< « العربية »
    bool rightToLeft = false;
    /// The families the translated pages are printed in, in order: the script's, then one for the
    /// Latin names and the bidi isolates (Qt takes the first that has the character).
    QStringList fontFamilies;
    int templateVersion = 0;
    QString reviewStatus; ///< "reference", "machine-written" or "reviewed"
    QJsonObject json; ///< the whole file

    /// « Arabe (العربية) », as the combo box of the print step shows it.
    QString label() const;
    /// One section, the variant of `gender` (female, male, anything else: unspecified) when it has
    /// variants; empty when absent.
    QString section(const QString &key, const QString &gender = QString()) const;
};

/// Where the files are read from: ":/mandat-translations" (the resource compiled in).
QString defaultDirectory();
/// Reads `<directory>/<language>.json`; nullopt (and `error` set) when missing or not a JSON object.
std::optional<Translation> load(
    const QString &language, QString *error = nullptr, const QString &directory = defaultDirectory());
/// The languages of `directory` that can be printed with the current template (template version
/// equal to Attestation::kTemplateVersion), French excluded, sorted by their French name.
QList<Translation> available(const QString &directory = defaultDirectory());

/// The `{name}` placeholders of a text, sorted, without duplicates.
QStringList placeholders(const QString &text);
/// Replaces each `{name}` by `values[name]` in one pass (a value is never substituted again);
/// unknown placeholders are left as they are.
QString fill(const QString &text, const QHash<QString, QString> &values);

/// A date in the language (its months and formats), in the Europe/Paris time zone.
QString date(const Translation &translation, qint64 msSinceEpoch);
/// « 14h05 », « 14:05 »… in the Europe/Paris time zone.
QString time(const Translation &translation, qint64 msSinceEpoch);
/// A FranceConnect birthdate, presumed ones included ("1992-11-00": month and year).
QString birthdate(const Translation &translation, const QString &birthdate);

/// The anchor of the translated copy's first block: MandatPrinter starts a page there.
QString startAnchor();

/// The translated copy of the mandat, as an HTML fragment of the document's <body> (it starts a
/// new page). Names, places and dates are wrapped in bidi isolates (FSI … PDI) in a right-to-left
/// language, so that they keep their own direction inside the text.
QString html(const Translation &translation, const MandatInfo &mandat, MandatDocument::Kind kind);
/// The translated copy of the revocation attestation.
QString revocationHtml(const Translation &translation, const MandatInfo &mandat, qint64 revokedAtMs);

} // namespace MandatTranslation
