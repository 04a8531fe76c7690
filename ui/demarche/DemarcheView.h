#pragma once

#include <QList>
#include <QSslCertificate>
#include <QUrl>
#include <QWebEngineView>

class DemarcheWebPage;
class QWebEngineProfile;

/// The browser of one démarche. It owns an off-the-record profile created for this démarche only;
/// destroying the view deletes the page and then that profile, so nothing (cookies, the usager's
/// FranceConnect session, cache) reaches the next démarche or usager.
class DemarcheView final : public QWebEngineView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemarcheView)

public:
    DemarcheView(const QUrl &serverUrl, const QList<QSslCertificate> &extraCas, QWidget *parent = nullptr);
    ~DemarcheView() override;

    QWebEngineProfile *profile() const { return m_profile; }
    DemarcheWebPage *demarchePage() const { return m_page; }

signals:
    /// A page could not be loaded (French message for the aidant).
    void loadFailed(const QString &message);

private:
    QWebEngineProfile *m_profile = nullptr;
    DemarcheWebPage *m_page = nullptr;
};
