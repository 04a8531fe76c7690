#include "MandatTranslation.h"

#include "Demarches.h"
#include "FrenchDate.h"
#include "Mandat.h"

#include <QDate>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>

// The resource is compiled into the static ac_client_core: registered explicitly (outside any
// namespace, as Q_INIT_RESOURCE requires).
static void initMandatTranslationsResource()
{
    Q_INIT_RESOURCE(mandat_translations);
}

namespace {

Q_LOGGING_CATEGORY(lcTranslation, "ac.app.mandat-translation")

/// First Strong Isolate … Pop Directional Isolate: the value takes its own direction (that of its
/// first strong character) and does not reorder the text around it.
const QChar kFsi(0x2068);
const QChar kPdi(0x2069);

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString bold(const QString &html)
{
    return QStringLiteral("<b>") + html + QStringLiteral("</b>");
}

QString genderKey(const QString &gender)
{
    if (gender == QLatin1String("female") || gender == QLatin1String("male"))
        return gender;
    return QStringLiteral("unspecified");
}

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{([a-z_]+)\\}"));
    return pattern;
}

/// Builds the translated copy: every block carries the language's direction and font.
class Writer
{
public:
    Writer(const MandatTranslation::Translation &translation, const MandatInfo &mandat)
        : m_t(translation)
        , m_gender(mandat.usager.gender)
    {
    }

    /// An escaped value, isolated in a right-to-left text.
    QString value(const QString &text) const
    {
        const QString escaped = esc(text);
        return m_t.rightToLeft ? kFsi + escaped + kPdi : escaped;
    }

    QString text(const QString &key, const QHash<QString, QString> &values = {}) const
    {
        return MandatTranslation::fill(esc(m_t.section(key, m_gender)), values);
    }

    QString attributes() const
    {
        return QStringLiteral(" dir=\"%1\" style=\"font-family: %2;\"")
            .arg(m_t.rightToLeft ? QStringLiteral("rtl") : QStringLiteral("ltr"), fontFamilyCss(m_t));
    }

    /// "'Noto Naskh Arabic', 'Noto Sans'": the families named explicitly, in order.
    static QString fontFamilyCss(const MandatTranslation::Translation &t)
    {
        QStringList quoted;
        for (const QString &family : t.fontFamilies)
            quoted.append(QLatin1Char('\'') + esc(family) + QLatin1Char('\''));
        return quoted.join(QStringLiteral(", "));
    }

    QString paragraph(const QString &html, const QString &cssClass = QString()) const
    {
        const QString cls = cssClass.isEmpty() ? QString() : QStringLiteral(" class=\"%1\"").arg(cssClass);
        return QStringLiteral("<p") + cls + attributes() + QStringLiteral(">") + html
            + QStringLiteral("</p>");
    }

    QString heading(const QString &html) const
    {
        return paragraph(QStringLiteral("<a name=\"") + MandatDocument::keepWithNextAnchor()
                + QStringLiteral("\">") + html + QStringLiteral("</a>"),
            QStringLiteral("heading"));
    }

    QString list(const QStringList &itemsHtml) const
    {
        QString out = QStringLiteral("<ul") + attributes() + QStringLiteral(">");
        for (const QString &item : itemsHtml)
            out += QStringLiteral("<li") + attributes() + QStringLiteral(">") + item
                + QStringLiteral("</li>");
        return out + QStringLiteral("</ul>");
    }

    /// The copy's first page: « Traduction du mandat n° … » (a new page), and the banner in French
    /// and in the language, in a frame.
    QString start(qint64 mandatId, const MandatTranslation::Translation &french) const
    {
        QString out = paragraph(QStringLiteral("<a name=\"") + MandatTranslation::startAnchor()
                + QStringLiteral("\">")
                + text(QStringLiteral("translation_of"),
                    { { QStringLiteral("mandat_id"), value(QString::number(mandatId)) } })
                + QStringLiteral("</a>"),
            QStringLiteral("heading"));
        const QString frenchBanner = esc(french.section(QStringLiteral("banner")));
        out += QStringLiteral("<table width=\"100%\" border=\"2\" cellspacing=\"0\" cellpadding=\"8\" "
                              "style=\"border-color: #b00000; border-style: solid;\"><tr><td>")
            + QStringLiteral("<p dir=\"ltr\" style=\"font-family: %1;\"><span class=\"warning\">")
                  .arg(fontFamilyCss(french))
            + frenchBanner + QStringLiteral("</span></p>")
            + paragraph(QStringLiteral("<span class=\"warning\">") + text(QStringLiteral("banner"))
                + QStringLiteral("</span>"))
            + QStringLiteral("</td></tr></table><p></p>");
        return out;
    }

    QString date(qint64 ms) const
    {
        return ms > 0 ? value(MandatTranslation::date(m_t, ms)) : QStringLiteral("……………………");
    }

    QString placeAndDate(const OrganisationInfo &organisation, qint64 ms) const
    {
        return QStringLiteral("<p></p>")
            + paragraph(text(QStringLiteral("place_date"),
                { { QStringLiteral("address"), value(organisation.address) },
                    { QStringLiteral("postcode"), value(organisation.postcode) },
                    { QStringLiteral("city"), value(organisation.city) },
                    { QStringLiteral("date"), date(ms) } }));
    }

    QString draftWarning() const
    {
        return QStringLiteral("<table width=\"100%\" border=\"2\" cellspacing=\"0\" cellpadding=\"8\" "
                              "style=\"border-color: #b00000; border-style: solid;\"><tr><td>")
            + paragraph(QStringLiteral("<span class=\"warning\">") + text(QStringLiteral("draft_warning"))
                + QStringLiteral("</span>"))
            + QStringLiteral("</td></tr></table><p></p>");
    }

private:
    const MandatTranslation::Translation &m_t;
    QString m_gender;
};

} // namespace

namespace MandatTranslation {

QString Translation::label() const
{
    return nameFr == nameNative ? nameFr : QStringLiteral("%1 (%2)").arg(nameFr, nameNative);
}

QString Translation::section(const QString &key, const QString &gender) const
{
    const QJsonValue value = json.value(QStringLiteral("sections")).toObject().value(key);
    if (value.isObject())
        return value.toObject().value(genderKey(gender)).toString();
    return value.toString();
}

QString defaultDirectory()
{
    initMandatTranslationsResource();
    return QStringLiteral(":/mandat-translations");
}

std::optional<Translation> load(const QString &language, QString *error, const QString &directory)
{
    const auto fail = [&](const QString &message) -> std::optional<Translation> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    static const QRegularExpression validName(QStringLiteral("^[a-z]{2,3}(_[A-Z]{2})?$"));
    if (!validName.match(language).hasMatch())
        return fail(QStringLiteral("invalid language name"));
    QFile file(QDir(directory).filePath(language + QStringLiteral(".json")));
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return fail(parseError.errorString());
    const QJsonObject json = document.object();
    Translation t;
    t.language = language;
    t.locale = json.value(QStringLiteral("locale")).toString();
    t.nameFr = json.value(QStringLiteral("name_fr")).toString();
    t.nameNative = json.value(QStringLiteral("name_native")).toString();
    t.rightToLeft = json.value(QStringLiteral("direction")).toString() == QLatin1String("rtl");
    for (const QJsonValue &family : json.value(QStringLiteral("font_families")).toArray())
        t.fontFamilies.append(family.toString());
    t.templateVersion = json.value(QStringLiteral("template_version")).toInt();
    t.reviewStatus
        = json.value(QStringLiteral("review")).toObject().value(QStringLiteral("status")).toString();
    t.json = json;
    return t;
}

QList<Translation> available(const QString &directory)
{
    QList<Translation> list;
    const QStringList files = QDir(directory).entryList({ QStringLiteral("*.json") }, QDir::Files);
    for (const QString &file : files) {
        const QString language = file.chopped(5);
        if (language == QLatin1String("fr"))
            continue;
        QString error;
        const std::optional<Translation> t = load(language, &error, directory);
        if (!t) {
            qCWarning(lcTranslation) << "mandat translation" << language << "unreadable:" << error;
            continue;
        }
        if (t->templateVersion != Attestation::kTemplateVersion) {
            qCWarning(lcTranslation) << "mandat translation" << language << "is for template"
                                     << t->templateVersion << "not" << Attestation::kTemplateVersion;
            continue;
        }
        list.append(*t);
    }
    std::sort(list.begin(), list.end(), [](const Translation &a, const Translation &b) {
        return QString::localeAwareCompare(a.nameFr, b.nameFr) < 0;
    });
    return list;
}

QStringList placeholders(const QString &text)
{
    QStringList names;
    auto it = placeholderPattern().globalMatch(text);
    while (it.hasNext())
        names.append(it.next().captured(1));
    names.sort();
    names.removeDuplicates();
    return names;
}

QString fill(const QString &text, const QHash<QString, QString> &values)
{
    QString out;
    qsizetype last = 0;
    auto it = placeholderPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        out += text.mid(last, match.capturedStart() - last);
        const auto value = values.constFind(match.captured(1));
        out += value != values.constEnd() ? *value : match.captured(0);
        last = match.capturedEnd();
    }
    return out + text.mid(last);
}

namespace {
QString format(const Translation &t, const char *name)
{
    return t.json.value(QStringLiteral("formats")).toObject().value(QLatin1String(name)).toString();
}

QString monthName(const Translation &t, int month)
{
    return t.json.value(QStringLiteral("months")).toArray().at(month - 1).toString();
}

QString dayMonthYear(const Translation &t, int day, int month, int year)
{
    const QString first = format(t, "first_day");
    return fill(format(t, "date"),
        { { QStringLiteral("day"), day == 1 && !first.isEmpty() ? first : QString::number(day) },
            { QStringLiteral("month"), monthName(t, month) },
            { QStringLiteral("year"), QString::number(year) } });
}
} // namespace

QString date(const Translation &translation, qint64 msSinceEpoch)
{
    const QDate d = FrenchDate::parisDateTime(msSinceEpoch).date();
    return dayMonthYear(translation, d.day(), d.month(), d.year());
}

QString time(const Translation &translation, qint64 msSinceEpoch)
{
    const QTime t = FrenchDate::parisDateTime(msSinceEpoch).time();
    return fill(format(translation, "time"),
        { { QStringLiteral("hours"), QString::number(t.hour()) },
            { QStringLiteral("minutes"), QStringLiteral("%1").arg(t.minute(), 2, 10, QLatin1Char('0')) } });
}

QString birthdate(const Translation &translation, const QString &birthdate)
{
    const QStringList parts = birthdate.split(QLatin1Char('-'));
    if (parts.size() != 3 || parts.at(0).size() != 4 || parts.at(1).size() != 2 || parts.at(2).size() != 2)
        return birthdate;
    bool yearOk = false;
    bool monthOk = false;
    bool dayOk = false;
    const int year = parts.at(0).toInt(&yearOk);
    const int month = parts.at(1).toInt(&monthOk);
    const int day = parts.at(2).toInt(&dayOk);
    if (!yearOk || !monthOk || !dayOk || year <= 0)
        return birthdate;
    if (month == 0 && day == 0)
        return QString::number(year);
    if (month >= 1 && month <= 12 && day == 0) {
        return fill(format(translation, "month_year"),
            { { QStringLiteral("month"), monthName(translation, month) },
                { QStringLiteral("year"), QString::number(year) } });
    }
    if (!QDate(year, month, day).isValid())
        return birthdate;
    return dayMonthYear(translation, day, month, year);
}

QString startAnchor()
{
    return QStringLiteral("translation-start");
}

QString html(const Translation &translation, const MandatInfo &mandat, MandatDocument::Kind kind)
{
    const std::optional<Translation> french = load(QStringLiteral("fr"));
    Writer w(translation, mandat);
    const QString organisation = w.value(mandat.organisation.name);
    const QString usager = w.value(mandat.usager.fullName());
    const QString aidant = w.value(mandat.aidantName);
    const QString org = QStringLiteral("organisation");

    QString out = w.start(mandat.id, french.value_or(Translation()));
    if (kind == MandatDocument::Kind::Draft)
        out += w.draftWarning();

    // 1. Title.
    out += w.paragraph(w.text(QStringLiteral("title")), QStringLiteral("title"));

    // 2. The mandant.
    QString mandant = w.text(QStringLiteral("mandant"), { { QStringLiteral("usager"), bold(usager) } });
    const QString birth = birthdate(translation, mandat.usager.birthdate);
    if (!birth.isEmpty()) {
        const bool presumed
            = mandat.usager.birthdate.endsWith(QLatin1String("-00")) && birth != mandat.usager.birthdate;
        mandant += QLatin1Char(' ')
            + w.text(presumed ? QStringLiteral("born_in") : QStringLiteral("born_on"),
                { { QStringLiteral("birthdate"), w.value(birth) } });
    }
    out += w.paragraph(mandant);

    // 3. The organisation as mandataire, and the démarches.
    out += w.paragraph(w.text(QStringLiteral("mandataire"), { { org, bold(organisation) } }));
    const QJsonObject demarches = translation.json.value(QStringLiteral("demarches")).toObject();
    QStringList items;
    for (const QString &code : mandat.demarches) {
        const QJsonObject d = demarches.value(code).toObject();
        const QString title = d.value(QStringLiteral("title")).toString();
        items.append(title.isEmpty() ? bold(w.value(code))
                                     : w.text(QStringLiteral("demarche"),
                                         { { QStringLiteral("title"), bold(esc(title.toUpper())) },
                                             { QStringLiteral("description"),
                                                 esc(d.value(QStringLiteral("description")).toString()) } }));
    }
    out += w.list(items);
    out += w.paragraph(w.text(QStringLiteral("any_aidant"), { { org, organisation } }));

    // 4. The duration (and the remote signature).
    const QString printed
        = translation.json.value(QStringLiteral("durations")).toObject().value(mandat.duration).toString();
    const QString duration = bold(printed.isEmpty() ? w.value(mandat.duration) : esc(printed));
    out += w.paragraph(mandat.expiresAtMs > 0
            ? w.text(QStringLiteral("duration_until"),
                { { QStringLiteral("duration"), duration },
                    { QStringLiteral("expiry"), bold(w.date(mandat.expiresAtMs)) } })
            : w.text(QStringLiteral("duration"), { { QStringLiteral("duration"), duration } }));
    if (mandat.remote) {
        out += w.paragraph(bold(w.text(QStringLiteral("remote_title"))) + QLatin1Char(' ')
            + w.text(QStringLiteral("remote"),
                { { QStringLiteral("aidant"), aidant }, { QStringLiteral("usager"), usager } }));
    }

    // 5.–7. The law, cancellation, no legal protection measure.
    out += w.paragraph(w.text(QStringLiteral("law")));
    out += w.paragraph(w.text(QStringLiteral("cancellation"), { { org, organisation } }));
    out += w.paragraph(w.text(QStringLiteral("legal_protection")));

    // 8. Personal data.
    out += w.heading(w.text(QStringLiteral("personal_data_heading")));
    out += w.paragraph(w.text(QStringLiteral("personal_data"), { { org, organisation } }));

    // 9. The aidant's commitment.
    out += w.heading(w.text(QStringLiteral("commitment_heading")));
    out += w.paragraph(w.text(QStringLiteral("commitment"), { { org, bold(organisation) } }));
    QStringList obligations;
    for (int i = 1; i <= 7; ++i)
        obligations.append(w.text(QStringLiteral("obligation_%1").arg(i)));
    out += w.list(obligations);
    out += w.paragraph(w.text(QStringLiteral("commitment_acceptance"), { { org, organisation } }));

    // 10. End conditions.
    out += w.heading(w.text(QStringLiteral("end_heading")));
    out += w.paragraph(w.text(QStringLiteral("end_intro")));
    QStringList ends;
    for (int i = 1; i <= 4; ++i)
        ends.append(w.text(QStringLiteral("end_%1").arg(i), { { org, organisation } }));
    out += w.list(ends);

    // 11. Place and date.
    if (kind == MandatDocument::Kind::Draft)
        out += QStringLiteral("<p></p>") + w.draftWarning();
    out += w.placeAndDate(mandat.organisation, mandat.createdAtMs);

    // 12. The parties: a translation is not signed, so no signature boxes.
    out += w.paragraph(bold(w.text(QStringLiteral("mandataire_heading"))) + QStringLiteral("<br/>")
        + w.text(QStringLiteral("mandataire_who"),
            { { QStringLiteral("aidant"), bold(aidant) }, { org, bold(organisation) } }));
    out += w.paragraph(
        bold(w.text(QStringLiteral("mandant_heading"))) + QStringLiteral("<br/>") + bold(usager));

    if (kind == MandatDocument::Kind::Final) {
        out += QStringLiteral("<hr/>");
        out += w.paragraph(bold(w.text(QStringLiteral("mandat_number"),
                               { { QStringLiteral("mandat_id"), w.value(QString::number(mandat.id)) } }))
                + QStringLiteral(" — ")
                + w.text(QStringLiteral("template_number"),
                    { { QStringLiteral("template_version"),
                        w.value(QString::number(mandat.templateVersion)) } }),
            QStringLiteral("footer"));
        out += w.paragraph(
            w.text(QStringLiteral("hash")) + QStringLiteral("<br/>") + w.value(mandat.attestationHash),
            QStringLiteral("footer"));
        out += w.paragraph(
            w.text(QStringLiteral("verify"), { { QStringLiteral("url"), w.value(mandat.verifyUrl) } }),
            QStringLiteral("footer"));
        out += w.paragraph(w.text(QStringLiteral("keep")), QStringLiteral("footer"));
    }
    return out;
}

QString revocationHtml(const Translation &translation, const MandatInfo &mandat, qint64 revokedAtMs)
{
    const std::optional<Translation> french = load(QStringLiteral("fr"));
    Writer w(translation, mandat);
    const QString usager = w.value(mandat.usager.fullName());
    const QString created = mandat.createdAtMs > 0
        ? w.value(fill(translation.section(QStringLiteral("date_at_time")),
            { { QStringLiteral("date"), date(translation, mandat.createdAtMs) },
                { QStringLiteral("time"), time(translation, mandat.createdAtMs) } }))
        : w.date(0);

    QString out = w.start(mandat.id, french.value_or(Translation()));
    out += w.paragraph(w.text(QStringLiteral("revocation_title")), QStringLiteral("title"));
    out += w.paragraph(w.text(QStringLiteral("revocation"),
        { { QStringLiteral("usager"), bold(usager) }, { QStringLiteral("created"), created },
            { QStringLiteral("organisation"), bold(w.value(mandat.organisation.name)) } }));
    out += w.paragraph(w.text(QStringLiteral("mandat_number"),
        { { QStringLiteral("mandat_id"), w.value(QString::number(mandat.id)) } }));
    out += w.placeAndDate(mandat.organisation, revokedAtMs);
    out += w.paragraph(
        bold(w.text(QStringLiteral("mandant_heading"))) + QStringLiteral("<br/>") + bold(usager));
    return out;
}

} // namespace MandatTranslation
