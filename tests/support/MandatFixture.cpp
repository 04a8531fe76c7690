#include "MandatFixture.h"

#include <QJsonArray>
#include <QUuid>

MandatFixture::Aidant MandatFixture::newAidant()
{
    ++m_accounts;
    Aidant a;
    const QString tag = QUuid::createUuid().toString(QUuid::Id128).left(8);
    a.account = m_server.createAccount(QStringLiteral("aidant%1-%2@mandats.test").arg(m_accounts).arg(tag),
        QStringLiteral("Camille"), QStringLiteral("Fwolk%1").arg(m_accounts));
    a.loginCode = m_server.nextCode(a.account);
    const auto login = m_server.postJson(QStringLiteral("/api/v1/auth/login"),
        { { QStringLiteral("email"), a.account.email }, { QStringLiteral("code"), a.loginCode } });
    a.token = login.json.value(QStringLiteral("token")).toString();
    return a;
}

TestServer::HttpResult MandatFixture::createDraft(
    const Aidant &a, const QStringList &demarches, const QString &duration, bool remote, bool certified)
{
    return m_server.postJson(QStringLiteral("/api/v1/mandat-drafts"),
        { { QStringLiteral("demarches"), QJsonArray::fromStringList(demarches) },
            { QStringLiteral("duration"), duration }, { QStringLiteral("remote"), remote },
            { QStringLiteral("remote_consent_certified"), certified } },
        a.token);
}

TestServer::HttpResult MandatFixture::getDraft(const Aidant &a, const QString &id)
{
    return m_server.request("GET", QStringLiteral("/api/v1/mandat-drafts/") + id, {}, a.token);
}

TestServer::HttpResult MandatFixture::sign(
    const Aidant &a, const QString &draftId, const QString &code, bool informed, bool remoteConsent)
{
    return m_server.postJson(QStringLiteral("/api/v1/mandat-drafts/%1/sign").arg(draftId),
        { { QStringLiteral("code"), code },
            { QStringLiteral("consents"),
                QJsonObject { { QStringLiteral("information_given"), informed },
                    { QStringLiteral("remote_written_consent"), remoteConsent } } } },
        a.token);
}

QString MandatFixture::identify(const Aidant &a, const QStringList &demarches, const QString &login,
    FranceConnectBrowser::Outcome *outcome, bool remote)
{
    const auto draft = createDraft(a, demarches, QStringLiteral("SEMESTER"), remote, remote);
    if (draft.status != 200) {
        qWarning("draft: %d %s", draft.status, draft.body.constData());
        return {};
    }
    FranceConnectBrowser browser;
    const auto result = browser.run(QUrl(draft.json.value(QStringLiteral("start_url")).toString()), login);
    if (outcome)
        *outcome = result;
    return draft.json.value(QStringLiteral("id")).toString();
}

QJsonObject MandatFixture::createMandat(const Aidant &a, const QStringList &demarches, const QString &login)
{
    const QString id = identify(a, demarches, login);
    const auto signedMandat = sign(a, id, m_server.nextCode(a.account));
    if (signedMandat.status != 200) {
        qWarning("sign: %d %s", signedMandat.status, signedMandat.body.constData());
        return {};
    }
    return signedMandat.json;
}

qint64 MandatFixture::count(const QString &sql)
{
    QString out;
    if (m_server.runSqlBehindServer(sql + QLatin1Char(';'), &out) != 0)
        return -1;
    return out.trimmed().toLongLong();
}

qint64 MandatFixture::journal(const QString &action)
{
    return action.isEmpty()
        ? count(QStringLiteral("SELECT COUNT(*) FROM journal"))
        : count(QStringLiteral("SELECT COUNT(*) FROM journal WHERE action = '%1'").arg(action));
}
