#pragma once

#include "FranceConnectSim.h"
#include "TestServer.h"

#include <QStringList>

/// Test helpers for mandats against a real server started with the FranceConnect simulator:
/// fresh logged-in aidants, drafts, the FranceConnect journey, signatures, SQL counts.
class MandatFixture
{
public:
    struct Aidant
    {
        TestServer::Account account;
        QString token;
        QString loginCode;
    };

    explicit MandatFixture(TestServer &server)
        : m_server(server)
    {
    }

    /// A fresh aidant of the fixture organisation, logged in (each has its own card, so codes never wait).
    Aidant newAidant();
    TestServer::HttpResult createDraft(const Aidant &a, const QStringList &demarches,
        const QString &duration = QStringLiteral("SEMESTER"), bool remote = false, bool certified = false);
    TestServer::HttpResult getDraft(const Aidant &a, const QString &id);
    TestServer::HttpResult sign(const Aidant &a, const QString &draftId, const QString &code,
        bool informed = true, bool remoteConsent = false);
    /// Creates a draft and runs the FranceConnect journey with @p login; returns the draft's id.
    QString identify(const Aidant &a, const QStringList &demarches, const QString &login,
        FranceConnectBrowser::Outcome *outcome = nullptr, bool remote = false);
    /// identify() then sign(): the signed mandat's JSON (empty on failure).
    QJsonObject createMandat(const Aidant &a, const QStringList &demarches, const QString &login);
    /// The first column of the first row of @p sql, run behind the server (-1 on failure).
    qint64 count(const QString &sql);
    qint64 journal(const QString &action = {});

private:
    TestServer &m_server;
    int m_accounts = 0;
};
